import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The benchmark's Clearfacts: counts uploads and answers each after a fixed delay. */
export interface ClearfactsStub {
  /** The GraphQL endpoint on 127.0.0.1. */
  readonly url: string;
  /** Requests answered so far. */
  uploads(): number;
  close(): Promise<void>;
}

/**
 * A stand-in for Clearfacts' `uploadFile` that reads the whole request and answers with a new
 * uuid once `delayMs` has passed (0: at once). It checks nothing: the benchmark measures the
 * pipeline, and test/support/clearfacts-stand-in.ts already checks the contract.
 */
export async function startClearfactsStub(delayMs: number): Promise<ClearfactsStub> {
  let answered = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const answer = (): void => {
        answered += 1;
        const uuid = `00000000-0000-4000-8000-${String(answered).padStart(12, '0')}`;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            data: { uploadFile: { uuid, name: 'document', amountOfPages: 1, comment: null } },
          }),
        );
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
  });
  // Lambda keeps its connections open; so do the pipeline's fetch and this server.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    uploads: () => answered,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
