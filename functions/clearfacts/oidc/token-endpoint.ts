import type { ErrorKind } from '../../shared/errors';
import { kindForStatus } from '../clearfacts-errors';
import { causeMessages, safeUrl } from '../redact-token';
import { OidcError } from './oidc-errors';
import { quoteRedacted, redactSecrets } from './redact-secrets';

/** A token request gets 15 s: the login server answers in well under a second when it is healthy. */
export const TOKEN_REQUEST_TIMEOUT_MS = 15_000;

/** What the token endpoint granted. */
export interface GrantedTokens {
  readonly accessToken: string;
  /** Absent when the server did not rotate it (then the old one stays valid). */
  readonly refreshToken?: string;
  readonly expiresInSeconds: number;
  readonly scope?: string;
}

/** One form POST to the token endpoint. */
export interface TokenRequest {
  readonly tokenUrl: string;
  /** The form fields: `grant_type` and what that grant needs. */
  readonly form: Readonly<Record<string, string>>;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

/** Without `expires_in`, assume Clearfacts' documented hour. */
const DEFAULT_EXPIRES_IN_SECONDS = 3600;

/**
 * Posts the form and reads the granted tokens. Sent once, never retried here: a refresh rotates the
 * refresh token, so repeating a request whose answer was lost would present a token already spent.
 * Errors quote the server's `error` and `error_description` with every secret of the form redacted.
 */
export async function requestTokens(request: TokenRequest): Promise<GrantedTokens> {
  const url = safeUrl(request.tokenUrl);
  const grant = request.form.grant_type ?? 'unknown';
  const secrets = secretsOf(request.form);
  const fail = (
    kind: ErrorKind,
    detail: string,
    extra: { status?: number; oauthError?: string; cause?: unknown } = {},
  ) => new OidcError(`Clearfacts token request (${grant}) failed: POST ${url} ${detail}`, kind, extra);
  const timeoutMs = request.timeoutMs ?? TOKEN_REQUEST_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);

  let response: Response;
  let text: string;
  try {
    response = await (request.fetch ?? fetch)(request.tokenUrl, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...request.form }).toString(),
      signal,
      redirect: 'manual',
    });
    text = await response.text();
  } catch (error) {
    if (signal.aborted) throw fail('retryable', `timed out after ${timeoutMs} ms`);
    throw fail(
      'retryable',
      `could not be reached (${redactSecrets(causeMessages(error).join(': '), secrets)})`,
    );
  }

  const body = parseJsonObject(text);
  const status = response.status;
  if (status < 200 || status > 299) {
    const oauthError = typeof body?.error === 'string' ? body.error : undefined;
    const description = typeof body?.error_description === 'string' ? body.error_description : undefined;
    const said =
      oauthError === undefined
        ? quoteRedacted(text, secrets)
        : [oauthError, description].filter(Boolean).join(': ');
    // 400 and 401 here mean a bad grant or client: an admin must sign in again or fix the client.
    const kind: ErrorKind = status === 400 || status === 401 ? 'configuration' : kindForStatus(status);
    throw fail(kind, `answered ${status}: ${redactSecrets(said, secrets)}`, {
      status,
      ...(oauthError === undefined ? {} : { oauthError }),
    });
  }
  const accessToken = body?.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw fail('configuration', `answered ${status} without an access_token`, { status });
  }
  const refreshToken =
    typeof body?.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : undefined;
  const expiresIn = Number(body?.expires_in);
  return {
    accessToken,
    ...(refreshToken === undefined ? {} : { refreshToken }),
    expiresInSeconds: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN_SECONDS,
    ...(typeof body?.scope === 'string' ? { scope: body.scope } : {}),
  };
}

/** The refresh grant: presents the stored refresh token with the client's credentials. */
export function refreshForm(credentials: {
  readonly refreshToken: string;
  readonly clientId: string;
  readonly clientSecret: string;
}): Record<string, string> {
  return {
    grant_type: 'refresh_token',
    refresh_token: credentials.refreshToken,
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
  };
}

/** Every form value that must not be quoted back (everything but the grant type and client id). */
function secretsOf(form: Readonly<Record<string, string>>): string[] {
  return Object.entries(form)
    .filter(([name]) => !['grant_type', 'client_id', 'redirect_uri', 'scope'].includes(name))
    .map(([, value]) => value);
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
