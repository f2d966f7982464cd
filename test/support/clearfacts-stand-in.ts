import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type GraphqlFilePart, readGraphqlBody } from '../../functions/local/graphql-body';

/**
 * A local stand-in for Clearfacts' GraphQL endpoint: a real HTTP server on 127.0.0.1 that parses
 * what it receives (with the local sandbox's own body reader: multipart or JSON), records it, and answers
 * like Clearfacts does, unless a test scripts other answers.
 */

/** A file part as the stand-in received it. */
export type ReceivedFile = GraphqlFilePart;

/** One request, as received and understood. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query, e.g. `/graphql`. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The media type without parameters: `multipart/form-data` or `application/json`. */
  readonly contentType: string;
  /** Multipart field names in the order sent; empty for JSON bodies. */
  readonly partNames: readonly string[];
  /** The GraphQL text, from the `query` part or JSON field. */
  readonly query: string | undefined;
  /** The parsed `variables` (a JSON string part in multipart, an object in JSON). */
  readonly variables: Record<string, unknown> | undefined;
  /** The `file` part, when there was one. */
  readonly file: ReceivedFile | undefined;
  /** The raw body, for assertions the fields above do not cover. */
  readonly body: Uint8Array;
  /** Why the body could not be parsed, if it could not (the stand-in then answers 400). */
  readonly parseError: string | undefined;
}

/** A document the stand-in answered with success: what landed in the "inbox". */
export interface StandInUpload {
  readonly uuid: string;
  readonly companyNumber: unknown;
  readonly filename: unknown;
  readonly invoicetype: unknown;
  readonly comment: unknown;
  readonly file: ReceivedFile;
}

/** A scripted answer; `body` is sent as JSON, `rawBody` as is. */
export interface ScriptedResponse {
  readonly status?: number;
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Wait this long before answering (to provoke client timeouts). */
  readonly delayMs?: number;
}

/** A fixed answer, or one computed from the request. */
export type Responder =
  | ScriptedResponse
  | ((request: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>);

/** An administration the default `administrations` answer lists. */
export interface StandInAdministration {
  readonly name: string;
  readonly companyNumber: string;
  readonly emails?: readonly { readonly type: string; readonly emailAddress: string }[];
}

/** How the default answers behave. */
export interface ClearfactsStandInOptions {
  /** When set, requests without `Authorization: Bearer <token>` get 401, like the real API. */
  readonly token?: string;
  /** What `administrations` returns; none by default. */
  readonly administrations?: readonly StandInAdministration[];
}

/** The running stand-in. */
export interface ClearfactsStandIn {
  /** The GraphQL endpoint, `http://127.0.0.1:<port>/graphql`. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Every upload answered with success (scripted successes included), in order. */
  readonly uploads: readonly StandInUpload[];
  /** Queues answers for the next requests, in order; afterwards the default answers resume. */
  respondWith(...responders: Responder[]): void;
  /** Replaces the default answer for every request not covered by the queue. */
  respondAlways(responder: Responder): void;
  /** Stops the server, dropping open connections and delayed answers. */
  close(): Promise<void>;
}

/** A 200 with a GraphQL `errors` array and `data.uploadFile` null, as Clearfacts reports failures. */
export function graphqlErrorResponse(
  message: string,
  extensions?: Record<string, unknown>,
): ScriptedResponse {
  return {
    status: 200,
    body: { errors: [{ message, ...(extensions ? { extensions } : {}) }], data: { uploadFile: null } },
  };
}

/** Starts a stand-in on a free port of 127.0.0.1. */
export async function startClearfactsStandIn(
  options: ClearfactsStandInOptions = {},
): Promise<ClearfactsStandIn> {
  const requests: RecordedRequest[] = [];
  const uploads: StandInUpload[] = [];
  const queue: Responder[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let fallback: Responder = (request) => answerLikeClearfacts(request, options);

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // The client went away mid-request (a timeout test): nothing left to answer.
      if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => {});
    const request = await recordRequest(req);
    requests.push(request);
    const responder = queue.shift() ?? fallback;
    const answer = typeof responder === 'function' ? await responder(request) : responder;
    if (answer.delayMs) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, answer.delayMs);
        timers.add(timer);
      });
    }
    if (res.destroyed) return;
    const landed = uploadedFile(request, answer);
    if (landed) uploads.push(landed);
    const body = answer.rawBody ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
    const contentType = answer.rawBody === undefined ? 'application/json' : 'text/plain';
    res.writeHead(answer.status ?? 200, { 'content-type': contentType, ...answer.headers });
    res.end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/graphql`,
    requests,
    uploads,
    respondWith: (...responders) => {
      queue.push(...responders);
    },
    respondAlways: (responder) => {
      fallback = responder;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

/** What Clearfacts itself would answer, including the reported 500 when `tags` is sent. */
/** The default answer: what Clearfacts itself would say to this request. */
export function answerLikeClearfacts(
  request: RecordedRequest,
  options: ClearfactsStandInOptions,
): ScriptedResponse {
  if (request.path !== '/graphql') return { status: 404, body: { message: 'Not Found' } };
  if (options.token !== undefined && request.headers.authorization !== `Bearer ${options.token}`) {
    return { status: 401, body: { message: 'Unauthorized' } };
  }
  if (request.parseError !== undefined) return { status: 400, body: { message: request.parseError } };
  const query = request.query ?? '';
  if (/\buploadFile\b/.test(query)) {
    if (request.variables?.tags !== undefined) {
      return { status: 500, body: { message: 'Internal Server Error' } };
    }
    if (request.file === undefined) return graphqlErrorResponse('uploadFile needs a file part');
    const { filename, comment } = request.variables ?? {};
    return {
      status: 200,
      body: {
        data: {
          uploadFile: { uuid: randomUUID(), name: filename, amountOfPages: 1, comment: comment ?? null },
        },
      },
    };
  }
  if (/\badministrations\b/.test(query)) {
    return { status: 200, body: { data: { administrations: options.administrations ?? [] } } };
  }
  return { status: 200, body: { errors: [{ message: 'The stand-in does not know this operation' }] } };
}

/** The upload an answer accepted, if it was an `uploadFile` request answered with a uuid. */
function uploadedFile(request: RecordedRequest, answer: ScriptedResponse): StandInUpload | undefined {
  if ((answer.status ?? 200) !== 200 || request.file === undefined) return undefined;
  const body = answer.body as
    | { errors?: unknown; data?: { uploadFile?: { uuid?: unknown } | null } }
    | undefined;
  const uuid = body?.data?.uploadFile?.uuid;
  if (body?.errors !== undefined || typeof uuid !== 'string') return undefined;
  const { companyNumber, filename, invoicetype, comment } = request.variables ?? {};
  return { uuid, companyNumber, filename, invoicetype, comment, file: request.file };
}

async function recordRequest(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = new Uint8Array(Buffer.concat(chunks));
  const contentTypeHeader = req.headers['content-type'] ?? '';
  const base = {
    method: req.method ?? '',
    path: req.url ?? '',
    headers: req.headers,
    contentType: contentTypeHeader.split(';')[0]?.trim().toLowerCase() ?? '',
    body,
  };
  try {
    return {
      ...base,
      ...(await readGraphqlBody(contentTypeHeader, body)),
      parseError: undefined,
    };
  } catch (error) {
    // The reader wraps the parser's complaint; the stand-in answers with the complaint itself.
    const reason = error instanceof Error && error.cause !== undefined ? error.cause : error;
    const parseError = reason instanceof Error ? reason.message : String(reason);
    return { ...base, partNames: [], query: undefined, variables: undefined, file: undefined, parseError };
  }
}
