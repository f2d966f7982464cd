import { type RandomSource, type Sleep, sleep } from './backoff';
import { ClearfactsError, type ClearfactsRequestContext, clearfactsFailure } from './clearfacts-errors';
import { type GraphqlData, readGraphqlData } from './graphql-response';
import type { MultipartBody } from './multipart-body';
import { causeMessages, redactToken, safeUrl, scrubCause } from './redact-token';
import { withRetries } from './retry';

/**
 * Every request gets 30 s: a 20 MB upload (Clearfacts' mail limit) takes a few seconds from Lambda,
 * and three attempts plus backoff still end within a few minutes, far below Lambda's 15.
 */
export const DEFAULT_TIMEOUT_MS = 30_000;

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
  const signal = AbortSignal.timeout(endpoint.timeoutMs);
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
      throw clearfactsFailure(context, 'retryable', `timed out after ${endpoint.timeoutMs} ms`, { cause });
    }
    const reason = redactToken(causeMessages(error).join(': '), token);
    throw clearfactsFailure(context, 'retryable', `could not be reached (${reason})`, { cause });
  }
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

/** A fresh one-pass stream of the parts for each attempt, so a retry sends the same bytes again. */
async function* streamOf(parts: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* parts;
}
