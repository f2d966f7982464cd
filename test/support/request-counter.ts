import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP server that answers everything and remembers what was asked. */
export interface RequestCounter {
  /** `127.0.0.1:<port>`, for URLs in a page. */
  readonly host: string;
  /** The paths requested, in order. */
  readonly requests: readonly string[];
  /**
   * Requests `/control` from the counter itself and checks it was counted, then forgets it: the
   * positive control every "no request reached the server" check runs in the same test.
   */
  control(): Promise<void>;
  close(): Promise<void>;
}

/** A tiny 1×1 GIF: what a tracking pixel or a remote logo would send. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

/** Starts a counter on a free port of 127.0.0.1. */
export async function startRequestCounter(): Promise<RequestCounter> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'image/gif' }).end(PIXEL);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    control: async () => {
      const before = requests.length;
      await (await fetch(`http://127.0.0.1:${port}/control`)).arrayBuffer();
      if (requests.length !== before + 1 || requests.at(-1) !== '/control') {
        throw new Error(
          `The request counter did not see its control request (saw ${requests.slice(before)})`,
        );
      }
      requests.pop();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
