import { type ErrorKind, IngestError } from '../shared/errors';

/** Which call failed, so every message names the operation, method and URL the same way. */
export interface ClearfactsRequestContext {
  /** The GraphQL field called, e.g. `uploadFile` or `administrations`. */
  readonly operation: string;
  /** The HTTP method (always `POST` for GraphQL, named so messages say it). */
  readonly method: string;
  /** The endpoint, already stripped of credentials and query string. */
  readonly url: string;
}

/** What a `ClearfactsError` carries besides its message and kind. */
export interface ClearfactsErrorDetails {
  readonly operation: string;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

/** A Clearfacts API call failed; `kind` tells the pipeline whether to retry, fix config or give up. */
export class ClearfactsError extends IngestError {
  /** The GraphQL operation that failed. */
  readonly operation: string;
  /** The HTTP status, when the server answered at all. */
  readonly status?: number;
  /** How long the server asked us to wait (Retry-After), so the queue can delay the message as much. */
  readonly retryAfterMs?: number;

  constructor(message: string, kind: ErrorKind, details: ClearfactsErrorDetails) {
    super(message, kind, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ClearfactsError';
    this.operation = details.operation;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Builds the error for a failed call: "Clearfacts uploadFile failed: POST https://… answered 503 …". */
export function clearfactsFailure(
  context: ClearfactsRequestContext,
  kind: ErrorKind,
  detail: string,
  extra: Omit<ClearfactsErrorDetails, 'operation'> = {},
): ClearfactsError {
  const message = `Clearfacts ${context.operation} failed: ${context.method} ${context.url} ${detail}`;
  return new ClearfactsError(message, kind, { ...extra, operation: context.operation });
}

/** How a non-2xx HTTP status is treated. */
export function kindForStatus(status: number): ErrorKind {
  // A rejected token must wait for an admin, but the document must not be dropped meanwhile.
  if (status === 401 || status === 403) return 'configuration';
  // 408 is a timeout on the server's side; 429 and 5xx say "later", not "never".
  if (status === 408 || status === 429 || status >= 500) return 'retryable';
  // We never follow redirects (the body and token would not survive them): the URL needs fixing.
  if (status >= 300 && status < 400) return 'configuration';
  return 'permanent';
}

/** One entry of a GraphQL response's `errors` array, as loosely as servers send it. */
export interface GraphqlErrorEntry {
  readonly message?: unknown;
  readonly extensions?: unknown;
}

/** Codes and categories GraphQL servers use for authentication and authorisation failures. */
const AUTH_CODES = new Set([
  'unauthenticated',
  'unauthorized',
  'unauthorised',
  'forbidden',
  'access_denied',
  'authentication',
  'authorization',
  'invalid_token',
]);

/** Wordings of auth failures in messages, for servers that put nothing in `extensions`. */
const AUTH_MESSAGE =
  /\b(unauthori[sz]ed|unauthenticated|forbidden|access denied|permission denied|not authori[sz]ed|invalid (access )?token|expired token|token (is )?(expired|invalid|revoked)|(insufficient|missing) scope)\b/i;

/** Whether a GraphQL error says the token lacks access (a configuration problem) rather than bad input. */
export function isAuthGraphqlError(entry: GraphqlErrorEntry): boolean {
  const extensions =
    typeof entry.extensions === 'object' && entry.extensions !== null ? entry.extensions : {};
  const labels = ['code', 'category']
    .map((key) => (extensions as Record<string, unknown>)[key])
    .filter((label): label is string => typeof label === 'string');
  if (labels.some((label) => AUTH_CODES.has(label.toLowerCase()))) return true;
  return typeof entry.message === 'string' && AUTH_MESSAGE.test(entry.message);
}

/** GraphQL errors are permanent (validation, unknown company), unless they are about access. */
export function kindForGraphqlErrors(entries: readonly GraphqlErrorEntry[]): ErrorKind {
  return entries.some(isAuthGraphqlError) ? 'configuration' : 'permanent';
}
