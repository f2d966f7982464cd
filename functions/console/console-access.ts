import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The cookie that carries the access token after the first visit, so it leaves the address bar. */
export const ACCESS_COOKIE = 'clearfacts_console';

/** 32 random bytes: as long as Jupyter's token, far beyond guessing from another local process. */
const SECRET_BYTES = 32;

/** The two secrets of one console run: who may look (the URL's token) and who may act (forms' CSRF token). */
export interface ConsoleSecrets {
  /** Required on every request: in the printed URL once, then in an HttpOnly cookie. */
  readonly accessToken: string;
  /** Required in every state-changing POST's form, so another site cannot submit one. */
  readonly csrfToken: string;
}

/** Fresh secrets for one run; nothing is stored, so a restart locks out every old tab. */
export function newConsoleSecrets(): ConsoleSecrets {
  return {
    accessToken: randomBytes(SECRET_BYTES).toString('base64url'),
    csrfToken: randomBytes(SECRET_BYTES).toString('base64url'),
  };
}

/** Whether a request may be answered, and if not the status and reason to answer with. */
export type AccessVerdict =
  | {
      readonly ok: true /** The token came in the URL: set the cookie and drop it from the address. */;
      readonly fromUrl: boolean;
    }
  | { readonly ok: false; readonly status: 400 | 403; readonly reason: string };

/**
 * Checks what every request must show before anything is read: a loopback `Host` (a page from
 * another site that rebinds its DNS name to 127.0.0.1 still sends its own name) and the access
 * token, from the cookie or the `token` query parameter.
 */
export function checkAccess(
  request: IncomingMessage,
  url: URL,
  port: number,
  secrets: ConsoleSecrets,
): AccessVerdict {
  if (!isLoopbackHost(request.headers.host, port)) {
    return { ok: false, status: 400, reason: 'This console answers only to 127.0.0.1 or localhost' };
  }
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null && sameSecret(fromUrl, secrets.accessToken)) return { ok: true, fromUrl: true };
  const fromCookie = cookieValue(request.headers.cookie, ACCESS_COOKIE);
  if (fromCookie !== undefined && sameSecret(fromCookie, secrets.accessToken))
    return { ok: true, fromUrl: false };
  return {
    ok: false,
    status: 403,
    reason: 'Open the console with the address it printed (it holds the access token)',
  };
}

/**
 * Checks a state-changing request: the form's CSRF token, and the `Origin` the browser sends
 * with every POST, which must be the console's own.
 */
export function checkCsrf(
  request: IncomingMessage,
  form: URLSearchParams,
  port: number,
  secrets: ConsoleSecrets,
): string | undefined {
  const origin = request.headers.origin;
  if (origin !== undefined && !isLoopbackOrigin(origin, port)) return `Refused a request from ${origin}`;
  const token = form.get('csrf');
  if (token === null || !sameSecret(token, secrets.csrfToken)) {
    return "Refused: the form did not carry this console run's token (reload the page and try again)";
  }
  return undefined;
}

/** The `Set-Cookie` header that keeps the access token for this run: never sent to another site or read by scripts. */
export function accessCookie(secrets: ConsoleSecrets): string {
  return `${ACCESS_COOKIE}=${secrets.accessToken}; HttpOnly; SameSite=Strict; Path=/`;
}

/** `127.0.0.1:<port>` or `localhost:<port>` exactly. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function isLoopbackOrigin(origin: string, port: number): boolean {
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/** Compares in constant time, so the comparison tells nothing about how much of a guess was right. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
