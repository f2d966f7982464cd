import type { ErrorKind } from '../shared/errors';
import { parseRetryAfter } from './backoff';
import {
  type ClearfactsRequestContext,
  clearfactsFailure,
  type GraphqlErrorEntry,
  kindForGraphqlErrors,
  kindForStatus,
} from './clearfacts-errors';
import { quoteBody, safeUrl } from './redact-token';

/** GraphQL `data`: the caller checks the fields it asked for. */
export type GraphqlData = Record<string, unknown>;

/** How many GraphQL error messages a failure quotes; the first few say what went wrong. */
const MAX_QUOTED_GRAPHQL_ERRORS = 3;

/**
 * Turns an HTTP response into GraphQL `data`, or throws a classified `ClearfactsError`.
 * An HTTP 200 with an `errors` array is a failure, never a success (Clearfacts answers so).
 */
export async function readGraphqlData(
  response: Response,
  context: ClearfactsRequestContext,
  token: string,
): Promise<GraphqlData> {
  const text = await response.text();
  const status = response.status;
  const parsed = parseJson(text);
  const fail = (
    kind: ErrorKind,
    detail: string,
    extra: { retryAfterMs?: number; partialData?: GraphqlData; retryInRun?: boolean } = {},
  ) =>
    clearfactsFailure(context, kind, `answered ${status}${detail}`, {
      status,
      ...extra,
      // A gateway that timed out or lost the upstream says nothing about what Clearfacts did.
      outcomeUnknown: AMBIGUOUS_STATUSES.has(status),
    });

  if (status < 200 || status > 299) {
    const errors = graphqlErrorsOf(parsed);
    let kind = kindForStatus(status);
    // A 400 may still be about access: then an admin must act, and the document must wait.
    if (kind === 'permanent' && errors.length > 0) kind = kindForGraphqlErrors(errors);
    const retryAfterMs =
      status === 429 || status === 503
        ? parseRetryAfter(response.headers.get('retry-after'), Date.now())
        : undefined;
    const location = response.headers.get('location');
    const detail = [
      response.statusText ? ` ${response.statusText}` : '',
      location ? `, redirecting to ${safeUrl(location)} (configure that URL instead)` : '',
      text.trim() ? `, body ${quoteBody(text, token)}` : '',
    ];
    throw fail(kind, detail.join(''), { retryAfterMs });
  }

  if (typeof parsed !== 'object' || parsed === null) {
    // Likely a proxy's or maintenance page's HTML: the request probably never reached GraphQL.
    throw fail('retryable', ` with a body that is not JSON: ${quoteBody(text, token)}`);
  }

  const errors = graphqlErrorsOf(parsed);
  if (errors.length > 0) {
    const partialData = nonNullData(parsed);
    throw fail(
      kindForGraphqlErrors(errors),
      ` with GraphQL errors: ${describeGraphqlErrors(errors, token)}`,
      { retryInRun: false, ...(partialData === undefined ? {} : { partialData }) },
    );
  }

  const data = (parsed as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) {
    throw fail('permanent', ` without data: ${quoteBody(text, token)}`);
  }
  return data as GraphqlData;
}

/**
 * 502 and 504 come from a gateway after the request was written: the server behind it may have
 * finished the upload. (503 and 429 are refusals to start; 500 is Clearfacts' own answer.)
 */
const AMBIGUOUS_STATUSES = new Set([502, 504]);

/** `data` when it holds anything non-null (e.g. `uploadFile` with a uuid beside the errors). */
function nonNullData(parsed: unknown): GraphqlData | undefined {
  const data = (parsed as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return undefined;
  return Object.values(data).some((value) => value !== null && value !== undefined)
    ? (data as GraphqlData)
    : undefined;
}

/** The messages of the first few GraphQL errors, redacted and trimmed as one quoted excerpt. */
function describeGraphqlErrors(errors: readonly GraphqlErrorEntry[], token: string): string {
  const messages = errors
    .slice(0, MAX_QUOTED_GRAPHQL_ERRORS)
    .map((entry) => (typeof entry.message === 'string' ? entry.message : JSON.stringify(entry)));
  const more =
    errors.length > MAX_QUOTED_GRAPHQL_ERRORS ? ` (+${errors.length - MAX_QUOTED_GRAPHQL_ERRORS} more)` : '';
  return `${quoteBody(messages.join(' | '), token)}${more}`;
}

function graphqlErrorsOf(parsed: unknown): GraphqlErrorEntry[] {
  if (typeof parsed !== 'object' || parsed === null) return [];
  const errors = (parsed as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((entry) =>
    typeof entry === 'object' && entry !== null ? entry : { message: String(entry) },
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Deliberately no `cause`: V8's SyntaxError quotes the body's start, which may hold a secret.
    return undefined;
  }
}
