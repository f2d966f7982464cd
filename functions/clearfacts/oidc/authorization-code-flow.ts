import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OidcCredentials } from './oidc-credentials';
import { oidcEndpoints } from './oidc-endpoints';
import { OidcError } from './oidc-errors';
import { createPkcePair, createState, sameSecret } from './pkce';
import { requestTokens } from './token-endpoint';

/**
 * The redirect port unless told otherwise. Fixed, because the redirect URI
 * (`http://127.0.0.1:8976/callback`) must be registered exactly with the OIDC client at Clearfacts.
 */
export const DEFAULT_REDIRECT_PORT = 8976;

/** The path the login server redirects back to. */
export const REDIRECT_PATH = '/callback';

/** Scopes requested: sign-in, a refresh token, uploads and the administrations list (for `doctor`). */
export const DEFAULT_SCOPES = [
  'openid',
  'offline_access',
  'upload_document',
  'read_administrations',
] as const;

/** Five minutes to sign in, then the listener gives up (it must not stay open forever). */
export const LOGIN_TIMEOUT_MS = 5 * 60 * 1000;

/** What the flow needs. */
export interface AuthorizationCodeFlowOptions {
  /** The login domain (`CLEARFACTS_LOGIN_URL`). */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scopes?: readonly string[];
  /** Port of the 127.0.0.1 redirect listener; default `DEFAULT_REDIRECT_PORT`, 0 for any free port. */
  readonly port?: number;
  /** Shows the authorize URL to the person signing in (opens a browser); the flow waits for the redirect. */
  readonly openBrowser: (authorizeUrl: string) => Promise<void> | void;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
}

/**
 * OpenID Connect Authorization Code flow with PKCE and `state`: listens on a 127.0.0.1 redirect,
 * opens the authorize URL, checks the redirect, exchanges the code (with `offline_access`, so a
 * refresh token comes back) and returns everything the secret stores.
 */
export async function runAuthorizationCodeFlow(
  options: AuthorizationCodeFlowOptions,
): Promise<OidcCredentials> {
  const endpoints = oidcEndpoints(options.issuer);
  const pkce = createPkcePair();
  const state = createState();
  const scopes = options.scopes ?? DEFAULT_SCOPES;
  const listener = await listenForRedirect(options.port ?? DEFAULT_REDIRECT_PORT, state);
  let code: string;
  try {
    const redirectUri = listener.redirectUri;
    const url = new URL(endpoints.authorize);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: options.clientId,
      redirect_uri: redirectUri,
      scope: scopes.join(' '),
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    }).toString();
    const timeoutMs = options.timeoutMs ?? LOGIN_TIMEOUT_MS;
    const [received] = await Promise.all([
      withTimeout(listener.code, timeoutMs),
      options.openBrowser(url.toString()),
    ]);
    code = received;
  } finally {
    await listener.close();
  }

  const granted = await requestTokens({
    tokenUrl: endpoints.token,
    form: {
      grant_type: 'authorization_code',
      code,
      redirect_uri: listener.redirectUri,
      client_id: options.clientId,
      client_secret: options.clientSecret,
      code_verifier: pkce.verifier,
    },
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  if (granted.refreshToken === undefined) {
    throw new OidcError(
      'Clearfacts granted no refresh token: the client must be allowed the offline_access scope',
      'configuration',
    );
  }
  const now = options.now?.() ?? new Date();
  return {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    accessToken: granted.accessToken,
    refreshToken: granted.refreshToken,
    expiresAt: new Date(now.getTime() + granted.expiresInSeconds * 1000).toISOString(),
    issuer: endpoints.issuer,
    ...(granted.scope === undefined ? {} : { scope: granted.scope }),
    refreshedAt: now.toISOString(),
    refreshTokenIssuedAt: now.toISOString(),
  };
}

/** The running redirect listener. */
interface RedirectListener {
  readonly redirectUri: string;
  /** Settles with the code of the first redirect carrying the right `state`, or its error. */
  readonly code: Promise<string>;
  close(): Promise<void>;
}

async function listenForRedirect(port: number, state: string): Promise<RedirectListener> {
  let settle: { resolve: (code: string) => void; reject: (error: Error) => void } | undefined;
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Unhandled until awaited; a timeout may win first.
  code.catch(() => undefined);
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== REDIRECT_PATH) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const answer = (status: number, text: string): void => {
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
    };
    // A redirect without our state is not the answer to our request (or is forged): ignore it.
    if (!sameSecret(url.searchParams.get('state') ?? '', state)) {
      answer(400, 'This sign-in link does not belong to the running "token login". Start it again.');
      return;
    }
    const error = url.searchParams.get('error');
    const received = url.searchParams.get('code');
    if (error !== null || received === null) {
      const description = url.searchParams.get('error_description');
      answer(400, 'Sign-in failed. You can close this window and look at the terminal.');
      settle?.reject(
        new OidcError(
          `Clearfacts did not grant access: ${error ?? 'no code'}${description ? ` (${description})` : ''}`,
          'configuration',
          error === null ? {} : { oauthError: error },
        ),
      );
      return;
    }
    answer(200, 'Signed in to Clearfacts. You can close this window and return to the terminal.');
    settle?.resolve(received);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${actual}${REDIRECT_PATH}`,
    code,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new OidcError(`No sign-in arrived within ${Math.round(timeoutMs / 1000)} s`, 'retryable')),
      timeoutMs,
    );
    // The wait for the browser never keeps the process alive on its own: the redirect's server
    // does while a sign-in can still arrive. A flow given up on (its caller gone) exits at once
    // instead of five minutes later.
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
