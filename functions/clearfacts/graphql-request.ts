import { type RandomSource, type Sleep, sleep } from './backoff';
import { ClearfactsError, type ClearfactsRequestContext, clearfactsFailure } from './clearfacts-errors';
import { type GraphqlData, readGraphqlData } from './graphql-response';
import type { MultipartBody } from './multipart-body';
import { causeMessages, redactToken, safeUrl, scrubCause } from './redact-token';
import { withRetries } from './retry';

/**
 * Every request gets at least 30 s: a small upload or a query answers in well under a second,
 * and three attempts plus backoff still end within a few minutes, far below Lambda's 15.
 */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Uploads get 1 s more per 256 KB (2 Mbit/s, a congested path), so a 20 MB scan may take
 * 30 s + 80 s, still well inside the function's timeout. Timing out a transfer that was still progressing makes an
 * upload whose outcome is unknown, which costs far more than waiting.
 */
export const UPLOAD_BYTES_PER_EXTRA_SECOND = 256 * 1024;

/** The timeout for a request carrying `bytes`: the base plus a second per `UPLOAD_BYTES_PER_EXTRA_SECOND`. */
export function timeoutForSize(baseMs: number, bytes: number): number {
  return baseMs + Math.ceil(bytes / UPLOAD_BYTES_PER_EXTRA_SECOND) * 1000;
}

/** Three attempts within one Lambda run ride out blips; longer outages are handled by the queue. */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** Returns the bearer token; called per request, so a refreshed secret is picked up. */
export type TokenProvider = () => Promise<string> | string;

/** Where and how to reach Clearfacts. */
export interface GraphqlEndpoint {
  /** The GraphQL endpoint, e.g. `https://api.clearfacts.be/graphql`. */
  readonly apiUrl: string;
  readonly token: TokenProvider;
  /** Per request, body included. */
  readonly timeoutMs: number;
  /** The platform `fetch` unless given. */
  readonly fetch?: typeof fetch;
}

/** A visible-ASCII token is all an HTTP header can carry; anything else is a broken secret. */
const HEADER_SAFE_TOKEN = /^[\x21-\x7e]+$/;

/**
 * Sends one GraphQL POST (a JSON string or a multipart body) and returns its `data`.
 * Throws a classified `ClearfactsError`; timeouts and network failures are `retryable`.
 */
export async function sendGraphql(
  endpoint: GraphqlEndpoint,
  operation: string,
  body: string | MultipartBody,
): Promise<GraphqlData> {
  const context = graphqlContext(endpoint.apiUrl, operation);
  const token = await resolveToken(endpoint.token, context);
  const timeoutMs =
    typeof body === 'string' ? endpoint.timeoutMs : timeoutForSize(endpoint.timeoutMs, body.length);
  const signal = AbortSignal.timeout(timeoutMs);
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: `Bearer ${token}`,
    'content-type': typeof body === 'string' ? 'application/json' : body.contentType,
  };
  // A multipart body goes out as its parts with a known length: no copy of the document, no chunking.
  if (typeof body !== 'string') headers['content-length'] = String(body.length);
  try {
    const response = await (endpoint.fetch ?? fetch)(endpoint.apiUrl, {
      method: 'POST',
      headers,
      ...(typeof body === 'string' ? { body } : { body: streamOf(body.parts), duplex: 'half' }),
      signal,
      // A redirected POST loses its body and should not carry the token elsewhere: report it instead.
      redirect: 'manual',
    });
    return await readGraphqlData(response, context, token);
  } catch (error) {
    if (error instanceof ClearfactsError) throw error;
    const cause = scrubCause(error, token);
    if (signal.aborted) {
      const detail = `timed out after ${timeoutMs} ms`;
      throw clearfactsFailure(context, 'retryable', detail, { cause, outcomeUnknown: true });
    }
    const reason = redactToken(causeMessages(error).join(': '), token);
    // Only a connection that never opened proves the request was not processed.
    const outcomeUnknown = !neverConnected(error);
    throw clearfactsFailure(context, 'retryable', `could not be reached (${reason})`, {
      cause,
      outcomeUnknown,
    });
  }
}

/** Socket errors raised before any byte of the request left: refused, or no such host. */
const NOT_CONNECTED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** Whether the failure happened before a connection existed (undici puts the code on `cause`). */
function neverConnected(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_CONNECTED_CODES.has(code)) return true;
    current = current.cause;
  }
  return false;
}

/** How errors name a GraphQL call: always a POST, to the endpoint without credentials or query. */
export function graphqlContext(apiUrl: string, operation: string): ClearfactsRequestContext {
  return { operation, method: 'POST', url: safeUrl(apiUrl) };
}

/** Options of `graphqlRequest`: the endpoint, the GraphQL text, and optionally retry tuning. */
export interface GraphqlRequestOptions extends Omit<GraphqlEndpoint, 'timeoutMs'> {
  /** The top-level field, for error messages (e.g. `administrations`). */
  readonly operation: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly timeoutMs?: number;
  readonly maxAttempts?: number;
  readonly sleep?: Sleep;
  readonly random?: RandomSource;
}

/** Runs a plain JSON GraphQL query (operator tools: `administrations { … }`), retrying like uploads do. */
export async function graphqlRequest(options: GraphqlRequestOptions): Promise<GraphqlData> {
  const endpoint: GraphqlEndpoint = { ...options, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS };
  const body = JSON.stringify({ query: options.query, variables: options.variables ?? {} });
  return withRetries(() => sendGraphql(endpoint, options.operation, body), {
    // A query changes nothing: asking again after a lost answer is harmless.
    repeatUnknownOutcome: true,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    sleep: options.sleep ?? sleep,
    random: options.random ?? Math.random,
  });
}

/** Asks the provider for the token and refuses one that cannot be sent, without ever quoting it. */
async function resolveToken(provider: TokenProvider, context: ClearfactsRequestContext): Promise<string> {
  const provided: unknown = await provider();
  const token = typeof provided === 'string' ? provided.trim() : '';
  if (!HEADER_SAFE_TOKEN.test(token)) {
    const problem = token === '' ? 'is empty' : 'contains characters an HTTP header cannot carry';
    throw clearfactsFailure(context, 'configuration', `not sent: the Clearfacts token ${problem}`);
  }
  return token;
}

/**
 * A fresh one-pass stream of the parts for each attempt, so a retry sends the same bytes again.
 * A plain `ReadableStream` of the parts themselves: fetch (undici) sends its chunks as they are,
 * while it turns an async iterable into a byte stream by copying every chunk, twice on Node 20
 * and 22 (measured: 20 MB more memory for a 10 MB scan; issue #19's rss-39mb).
 */
function streamOf(parts: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const part = parts[next];
      next += 1;
      if (part === undefined) controller.close();
      else controller.enqueue(part);
    },
  });
}
