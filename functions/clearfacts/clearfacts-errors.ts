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
  /** The request was sent and no verdict came back: Clearfacts may have stored the document. */
  readonly outcomeUnknown?: boolean;
  /** False: retry on the queue's schedule only, not within this run (a fault inside Clearfacts). */
  readonly retryInRun?: boolean;
  /** The `data` that came with GraphQL `errors`, when any of it is non-null. */
  readonly partialData?: Record<string, unknown>;
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
  /**
   * The body was sent and no answer came (timeout, reset, 502/504): the upload may have landed.
   * Never retried within the run; the ledger records it so the next attempt is flagged.
   */
  readonly outcomeUnknown: boolean;
  /**
   * Whether a `retryable` error may be retried within this run. False for a fault inside
   * Clearfacts (GraphQL "Internal server error"): it gets the queue's growing delays instead.
   */
  readonly retryInRun: boolean;
  /** Non-null `data` that came beside GraphQL `errors` (an upload with a uuid happened). */
  readonly partialData?: Record<string, unknown>;

  constructor(message: string, kind: ErrorKind, details: ClearfactsErrorDetails) {
    super(message, kind, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ClearfactsError';
    this.operation = details.operation;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
    this.retryInRun = details.retryInRun ?? true;
    this.partialData = details.partialData;
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

/** graphql-php's wording for an exception it hides from the client (its default error formatter). */
const INTERNAL_MESSAGE = /^internal server error\.?$/i;

/** Wordings of errors about the request's arguments, for servers that give no category. */
const ARGUMENT_MESSAGE =
  /\b(variable "\$|argument|cannot query field|unknown (type|field|argument)|syntax error|expected (type|value)|invalid value|is required|not provided|company number|no administration)\b/i;

/**
 * Whether a GraphQL error is a fault inside Clearfacts rather than a verdict on what we sent:
 * graphql-php hides any exception as "Internal server error" (category `internal`), and an error
 * with no category at all on the request this project builds (always well-formed) is treated so
 * too, unless its message names an argument.
 */
export function isServerFaultGraphqlError(entry: GraphqlErrorEntry): boolean {
  const category = categoryOf(entry);
  if (typeof entry.message === 'string' && INTERNAL_MESSAGE.test(entry.message.trim())) return true;
  if (category !== undefined) return category === 'internal';
  return !(typeof entry.message === 'string' && ARGUMENT_MESSAGE.test(entry.message));
}

/**
 * Access errors need an admin (configuration); errors about our arguments are permanent; a fault
 * inside Clearfacts is retryable, on the queue's schedule. Any verdict on the request wins.
 */
export function kindForGraphqlErrors(entries: readonly GraphqlErrorEntry[]): ErrorKind {
  if (entries.some(isAuthGraphqlError)) return 'configuration';
  return entries.length > 0 && entries.every(isServerFaultGraphqlError) ? 'retryable' : 'permanent';
}

/** `extensions.category` (graphql-php) or `extensions.code` (other servers), lower case. */
function categoryOf(entry: GraphqlErrorEntry): string | undefined {
  const extensions =
    typeof entry.extensions === 'object' && entry.extensions !== null ? entry.extensions : {};
  const { category, code } = extensions as Record<string, unknown>;
  const label = typeof category === 'string' ? category : typeof code === 'string' ? code : undefined;
  if (label === undefined) return undefined;
  return label.toLowerCase() === 'internal_server_error' ? 'internal' : label.toLowerCase();
}
