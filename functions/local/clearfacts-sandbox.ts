import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeError } from '../shared/errors';
import { MAX_DOCUMENT_BYTES } from '../shared/limits';
import { readGraphqlBody } from './graphql-body';
import { type StoredUpload, storeUpload } from './sandbox-store';
import { checkUpload, type SandboxAnswer } from './sandbox-upload-rules';

/** A request body may hold one 20 MB document plus its multipart framing; anything larger is refused unread. */
const MAX_REQUEST_BYTES = MAX_DOCUMENT_BYTES + 1024 * 1024;

/** An administration the sandbox's token can reach. */
export interface SandboxAdministration {
  readonly name: string;
  readonly companyNumber: string;
}

/** How the sandbox behaves. */
export interface ClearfactsSandboxOptions {
  /** Where uploads are stored, one folder per company number. */
  readonly directory: string;
  /** The bearer token it accepts; any other answers 401. */
  readonly token: string;
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  /** What `administrations` answers: the companies of the config. */
  readonly administrations?: readonly SandboxAdministration[];
  /** Called once per stored upload. */
  readonly onUpload?: (upload: StoredUpload) => void;
  /** Called when an upload is refused, with the reason sent back. */
  readonly onRefused?: (reason: string) => void;
}

/** The running sandbox. */
export interface ClearfactsSandbox {
  /** The GraphQL endpoint, `http://127.0.0.1:<port>/graphql`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A local Clearfacts: the `uploadFile` contract (multipart `query`/`variables`/`file`, bearer
 * token, GraphQL errors with HTTP 200) and the `administrations` query, over real HTTP on
 * 127.0.0.1. Each accepted upload is written to disk as its own file.
 */
export async function startClearfactsSandbox(options: ClearfactsSandboxOptions): Promise<ClearfactsSandbox> {
  const inFlight = new Set<Promise<void>>();
  const server = createServer((request, response) => {
    const work = handle(request, options).then(
      (answer) => send(response, answer),
      (error: unknown) =>
        send(response, { status: 500, body: { errors: [{ message: describeError(error) }] } }),
    );
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
      await closed;
    },
  };
}

async function handle(request: IncomingMessage, options: ClearfactsSandboxOptions): Promise<SandboxAnswer> {
  if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/graphql') {
    return { status: 404, body: { message: 'Not Found' } };
  }
  if (request.method !== 'POST') return { status: 405, body: { message: 'Method Not Allowed' } };
  if (request.headers.authorization !== `Bearer ${options.token}`) {
    return { status: 401, body: { message: 'Unauthorized' } };
  }
  const raw = await readBody(request);
  if (raw === undefined) return { status: 413, body: { message: 'Payload Too Large' } };
  let body: Awaited<ReturnType<typeof readGraphqlBody>>;
  try {
    body = await readGraphqlBody(request.headers['content-type'] ?? '', raw);
  } catch (error) {
    return { status: 400, body: { errors: [{ message: describeError(error) }] } };
  }
  const query = body.query ?? '';
  if (/\buploadFile\b/.test(query)) {
    const check = checkUpload(body);
    if (!check.accepted) {
      options.onRefused?.(refusalReason(check.answer));
      return check.answer;
    }
    const { upload } = check;
    const stored = await storeUpload(options.directory, upload, randomUUID(), new Date());
    options.onUpload?.(stored);
    const file = {
      uuid: stored.uuid,
      name: upload.filename,
      amountOfPages: upload.amountOfPages,
      comment: upload.comment,
    };
    return { status: 200, body: { data: { uploadFile: file } } };
  }
  if (/\badministrations\b/.test(query)) {
    const administrations = (options.administrations ?? []).map((administration) => ({
      ...administration,
      emails: [],
    }));
    return { status: 200, body: { data: { administrations } } };
  }
  return {
    status: 200,
    body: { errors: [{ message: 'The sandbox answers only uploadFile and administrations.' }] },
  };
}

/** The body, or `undefined` when it is larger than any valid request (then read to its end, but dropped). */
async function readBody(request: IncomingMessage): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= MAX_REQUEST_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_REQUEST_BYTES ? undefined : new Uint8Array(Buffer.concat(chunks));
}

function refusalReason(answer: SandboxAnswer): string {
  const errors = (answer.body as { errors?: { message?: string }[] }).errors ?? [];
  return `${answer.status} ${errors.map((error) => error.message).join('; ')}`;
}

function send(response: ServerResponse, answer: SandboxAnswer): void {
  if (response.destroyed) return;
  response.writeHead(answer.status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(answer.body));
}
