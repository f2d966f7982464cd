import { type RandomSource, sleep as realSleep, type Sleep } from './backoff';
import { type ClearfactsRequestContext, clearfactsFailure, kindForStatus } from './clearfacts-errors';
import { DEFAULT_MAX_ATTEMPTS } from './graphql-request';
import { oidcEndpoints } from './oidc/oidc-endpoints';
import { causeMessages, quoteBody, redactToken, safeUrl } from './redact-token';
import { withRetries } from './retry';

/** A userinfo check is one small GET: 10 s is generous. */
export const USERINFO_TIMEOUT_MS = 10_000;

/** Who the token belongs to. */
export interface Userinfo {
  readonly sub: string;
  readonly username?: string;
  readonly email?: string;
}

/** Where and how to ask. */
export interface UserinfoRequest {
  /** The login domain (`CLEARFACTS_LOGIN_URL`, or the issuer stored with OIDC credentials). */
  readonly loginUrl: string;
  readonly token: string;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly sleep?: Sleep;
  readonly random?: RandomSource;
}

/**
 * Checks a token with `GET <login>/oauth2-server/userinfo`. A refused token throws a `configuration`
 * `ClearfactsError` with status 401 or 403; blips (5xx, timeouts) are retried like GraphQL calls.
 */
export async function fetchUserinfo(request: UserinfoRequest): Promise<Userinfo> {
  const url = oidcEndpoints(request.loginUrl).userinfo;
  const context: ClearfactsRequestContext = { operation: 'userinfo', method: 'GET', url: safeUrl(url) };
  const timeoutMs = request.timeoutMs ?? USERINFO_TIMEOUT_MS;
  return withRetries(
    async () => {
      const signal = AbortSignal.timeout(timeoutMs);
      let response: Response;
      let text: string;
      try {
        response = await (request.fetch ?? fetch)(url, {
          headers: { accept: 'application/json', authorization: `Bearer ${request.token}` },
          signal,
          redirect: 'manual',
        });
        text = await response.text();
      } catch (error) {
        const reason = signal.aborted
          ? `timed out after ${timeoutMs} ms`
          : `could not be reached (${redactToken(causeMessages(error).join(': '), request.token)})`;
        throw clearfactsFailure(context, 'retryable', reason);
      }
      const status = response.status;
      if (status < 200 || status > 299) {
        const body = text.trim() === '' ? '' : `, body ${quoteBody(text, request.token)}`;
        throw clearfactsFailure(context, kindForStatus(status), `answered ${status}${body}`, { status });
      }
      return readUserinfo(text, context, status);
    },
    {
      maxAttempts: DEFAULT_MAX_ATTEMPTS,
      sleep: request.sleep ?? realSleep,
      random: request.random ?? Math.random,
    },
  );
}

function readUserinfo(text: string, context: ClearfactsRequestContext, status: number): Userinfo {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const body = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const sub = body.sub ?? body.username;
  if (typeof sub !== 'string' && typeof sub !== 'number') {
    throw clearfactsFailure(
      context,
      'retryable',
      `answered ${status} without a user (not the userinfo endpoint?)`,
      {
        status,
      },
    );
  }
  return {
    sub: String(sub),
    ...(typeof body.username === 'string' ? { username: body.username } : {}),
    ...(typeof body.email === 'string' ? { email: body.email } : {}),
  };
}
