import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../../config/config-schema';
import { MAX_DOCUMENT_BYTES } from '../../shared/limits';
import { MAX_PAGE_SIZE, type SandboxAdministration } from './clearfacts-resolvers';
import { type ExecutedRequest, executeRequest } from './execute-request';
import { type GraphqlFilePart, readGraphqlBody } from './graphql-body';
import { type StoredUpload, storeUpload } from './sandbox-store';
import {
  type Fault,
  isFault,
  type RecordedRequest,
  type Responder,
  type ScriptedResponse,
} from './stand-in-faults';
import type { AcceptedUpload, SandboxArchiveUpload } from './upload-file-rules';

export type { SandboxAdministration } from './clearfacts-resolvers';

/** A request body may hold one 20 MB document plus its multipart framing; anything larger is refused unread. */
const MAX_REQUEST_BYTES = MAX_DOCUMENT_BYTES + 1024 * 1024;

/** How the stand-in behaves. */
export interface ClearfactsSandboxOptions {
  /** When given, every accepted upload is also written there, one folder per company number. */
  readonly directory?: string;
  /** The bearer token it accepts (any other answers 401); absent: no token is checked. */
  readonly token?: string;
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  /** The administrations the token reaches; uploads to any other company are refused. */
  readonly administrations?: readonly SandboxAdministration[];
  /** Items per `administrations` page; default and maximum `MAX_PAGE_SIZE`. */
  readonly pageSize?: number;
  /** Keep every request and upload (with its bytes) in memory; default true. The benchmark turns it off. */
  readonly record?: boolean;
  /** Called once per stored upload written to `directory`. */
  readonly onUpload?: (upload: StoredUpload) => void;
  /** Called when an upload is refused, with the reason sent back. */
  readonly onRefused?: (reason: string) => void;
}

/** A document the stand-in stored: what landed in the administration's inbox. */
export interface StandInUpload {
  readonly uuid: string;
  readonly companyNumber: string;
  readonly filename: string;
  readonly invoicetype: string | null;
  /** Which mutation stored it. */
  readonly mutation: 'uploadFile' | 'uploadArchiveFile';
  /** For `uploadArchiveFile`: the archive and category it went to. */
  readonly archive?: SandboxArchiveUpload;
  readonly comment: string | null;
  /** The `file` part as sent: its multipart filename, content type and bytes. */
  readonly file: GraphqlFilePart;
}

/** The running stand-in. */
export interface ClearfactsSandbox {
  /** The GraphQL endpoint, `http://127.0.0.1:<port>/graphql`. */
  readonly url: string;
  /** Every request received, in order (empty when `record` is off). */
  readonly requests: readonly RecordedRequest[];
  /** Every upload stored, in order (empty when `record` is off). */
  readonly uploads: readonly StandInUpload[];
  /** How many uploads were stored, recorded or not. */
  uploadCount(): number;
  /** Queues answers for the next requests, in order; afterwards `respondAlways`'s (or the default) resumes. */
  respondWith(...responders: Responder[]): void;
  /** Replaces the answer for every request the queue does not cover. */
  respondAlways(responder: Responder): void;
  /** Stops the server, dropping open connections and delayed answers. */
  close(): Promise<void>;
}

/**
 * One local Clearfacts for `npm start`, the tests and the benchmark: real HTTP on 127.0.0.1, the
 * multipart `uploadFile` contract, requests parsed and validated against the published schema
 * (`clearfacts-schema.ts`), errors shaped like graphql-php's, and faults injectable per request.
 */
export async function startClearfactsSandbox(
  options: ClearfactsSandboxOptions = {},
): Promise<ClearfactsSandbox> {
  const record = options.record ?? true;
  const requests: RecordedRequest[] = [];
  const uploads: StandInUpload[] = [];
  let stored = 0;
  const queue: Responder[] = [];
  let fallback: Responder = { fault: 'none' };
  /** Pending delays; closing ends them at once, so no answer outlives the server. */
  const timers = new Map<NodeJS.Timeout, () => void>();
  const inFlight = new Set<Promise<void>>();

  const store = async (upload: AcceptedUpload, part: GraphqlFilePart): Promise<string> => {
    const uuid = randomUUID();
    stored += 1;
    if (record) {
      uploads.push({
        uuid,
        companyNumber: upload.companyNumber,
        filename: upload.filename,
        invoicetype: upload.invoiceType,
        mutation: upload.archive === undefined ? 'uploadFile' : 'uploadArchiveFile',
        ...(upload.archive === undefined ? {} : { archive: upload.archive }),
        comment: upload.comment,
        file: part,
      });
    }
    if (options.directory !== undefined) {
      // Stored first, then reported: an optional call would skip evaluating its argument.
      const written = await storeUpload(options.directory, upload, uuid, new Date());
      options.onUpload?.(written);
    }
    return uuid;
  };

  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => {});
    // A slow answer comes `delayMs` after the request arrived: reading and checking it is part of
    // the answer time, as it is for Clearfacts (the benchmark's "Clearfacts answering in 300 ms").
    const arrived = performance.now();
    const request = await recordRequest(req);
    if (record) requests.push(request);
    const responder = queue.shift() ?? fallback;
    const chosen = typeof responder === 'function' ? await responder(request) : responder;
    if (!isFault(chosen)) {
      if (chosen.delayMs) await wait(chosen.delayMs);
      return send(res, chosen);
    }
    const answer = await answerAsClearfacts(request, chosen);
    if (answer.outcome.refused !== undefined) options.onRefused?.(answer.outcome.refused);
    if (chosen.fault === 'store-then-cut') {
      res.socket?.destroy();
      return;
    }
    if (chosen.fault === 'slow') await wait(Math.max(0, chosen.delayMs - (performance.now() - arrived)));
    send(res, answer.response);
  }

  async function answerAsClearfacts(
    request: RecordedRequest,
    fault: Fault,
  ): Promise<{ response: ScriptedResponse; outcome: Partial<ExecutedRequest> }> {
    if (request.path !== '/graphql')
      return { response: { status: 404, body: { message: 'Not Found' } }, outcome: {} };
    if (request.method !== 'POST') {
      return { response: { status: 405, body: { message: 'Method Not Allowed' } }, outcome: {} };
    }
    const authorised = fault.fault === 'none' && fault.authorised === true;
    if (
      !authorised &&
      options.token !== undefined &&
      request.headers.authorization !== `Bearer ${options.token}`
    ) {
      return { response: { status: 401, body: { message: 'Unauthorized' } }, outcome: {} };
    }
    if (request.parseError !== undefined) {
      return { response: { status: 400, body: { message: request.parseError } }, outcome: {} };
    }
    const executed = await executeRequest(request, fault, {
      administrations: options.administrations ?? [],
      pageSize: Math.min(MAX_PAGE_SIZE, options.pageSize ?? MAX_PAGE_SIZE),
      file: request.file,
      variables: request.variables ?? {},
      store,
    });
    return { response: { status: 200, body: executed.body }, outcome: executed };
  }

  const server = createServer((req, res) => {
    const work = handle(req, res).catch(() => {
      // The client went away mid-request (a timeout test), or storing failed: answer if still possible.
      if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  // Lambda keeps its connections open; so do the pipeline's fetch and this server.
  server.keepAliveTimeout = 60_000;
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
    requests,
    uploads,
    uploadCount: () => stored,
    respondWith: (...responders) => {
      queue.push(...responders);
    },
    respondAlways: (responder) => {
      fallback = responder;
    },
    close: async () => {
      for (const [timer, resolve] of timers) {
        clearTimeout(timer);
        resolve();
      }
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await Promise.allSettled([...inFlight]);
      await closed;
    },
  };
}

/** The companies a config names, as the administrations a local token reaches. */
export function administrationsOf(config: Config): SandboxAdministration[] {
  const byNumber = new Map<string, string>();
  for (const mailbox of config.mailboxes) {
    if (!byNumber.has(mailbox.companyNumber))
      byNumber.set(mailbox.companyNumber, mailbox.name ?? mailbox.address);
  }
  return [...byNumber].map(([companyNumber, name]) => ({ companyNumber, name }));
}

function send(res: ServerResponse, answer: ScriptedResponse): void {
  if (res.destroyed) return;
  const body = answer.rawBody ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
  const contentType = answer.rawBody === undefined ? 'application/json' : 'text/plain';
  res.writeHead(answer.status ?? 200, { 'content-type': contentType, ...answer.headers });
  res.end(body);
}

async function recordRequest(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_REQUEST_BYTES) chunks.push(chunk as Buffer);
  }
  const body = new Uint8Array(Buffer.concat(chunks));
  const contentTypeHeader = req.headers['content-type'] ?? '';
  const base = {
    method: req.method ?? '',
    path: req.url ?? '',
    headers: req.headers,
    contentType: contentTypeHeader.split(';')[0]?.trim().toLowerCase() ?? '',
    body,
  };
  const unparsed = { partNames: [], query: undefined, variables: undefined, file: undefined };
  if (size > MAX_REQUEST_BYTES) return { ...base, ...unparsed, parseError: 'Payload Too Large' };
  try {
    return { ...base, ...(await readGraphqlBody(contentTypeHeader, body)), parseError: undefined };
  } catch (error) {
    // The reader wraps the parser's complaint; the stand-in answers with the complaint itself.
    const reason = error instanceof Error && error.cause !== undefined ? error.cause : error;
    return { ...base, ...unparsed, parseError: reason instanceof Error ? reason.message : String(reason) };
  }
}
