import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for a Clearfacts login domain: `/oauth2-server/authorize` (signs the user in at
 * once and redirects with a code), `/oauth2-server/token` (authorization_code with PKCE, and
 * refresh_token with rotation: each refresh token works once, like league/oauth2-server, which these
 * paths come from) and `/oauth2-server/userinfo`. Real HTTP on 127.0.0.1.
 */

/** The user every token belongs to. */
export const STAND_IN_USER = { sub: '4711', username: 'jan.peeters', email: 'jan@acme.example' } as const;

/** A registered OIDC client. */
export interface StandInClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** How the stand-in behaves. */
export interface OidcStandInOptions {
  readonly clients?: readonly StandInClient[];
  /** Personal access tokens userinfo accepts. */
  readonly personalTokens?: readonly string[];
  /** Seconds an access token lasts (`expires_in`); Clearfacts: 3600. */
  readonly accessTokenSeconds?: number;
  /** Scopes granted when a request names none. */
  readonly defaultScopes?: readonly string[];
}

/** A refresh token the stand-in issued. */
interface IssuedRefresh {
  readonly clientId: string;
  readonly scope: string;
  spent: boolean;
}

/** A code waiting to be exchanged. */
interface IssuedCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly scope: string;
}

/** The running stand-in. */
export interface OidcStandIn {
  /** The issuer, `http://127.0.0.1:<port>`. */
  readonly issuer: string;
  /** Refreshes answered with new tokens, and refused ones. */
  readonly counts: { refreshed: number; refused: number; codesExchanged: number };
  /** Every request's method and path, in order. */
  readonly requests: { method: string; path: string }[];
  /** Whether userinfo (and the GraphQL stand-in, via this) would accept the bearer token. */
  isValidAccessToken(token: string): boolean;
  /** The refresh tokens still usable, oldest first. */
  liveRefreshTokens(): string[];
  /** Issues a token pair without a sign-in, as if `token login` had run earlier. */
  issueTokens(clientId: string, scope?: string): { accessToken: string; refreshToken: string };
  /** Let a spent refresh token work again (some servers allow a grace period); default: refused. */
  allowRefreshReuse(allow: boolean): void;
  /** From now on, refuse (or accept again) every refresh with `invalid_grant`. */
  refuseRefreshes(refuse: boolean): void;
  /** Answer the token endpoint with this HTTP status instead (e.g. 503), or normally again (`undefined`). */
  failTokenEndpoint(status: number | undefined): void;
  /** Wait this long before answering the token endpoint (to make refreshes overlap). */
  delayTokenEndpoint(ms: number): void;
  /** Make authorize redirect with `error=access_denied` instead of a code. */
  denyAuthorization(deny: boolean): void;
  close(): Promise<void>;
}

/** Starts the stand-in on a free port of 127.0.0.1. */
export async function startOidcStandIn(options: OidcStandInOptions = {}): Promise<OidcStandIn> {
  const clients = new Map((options.clients ?? []).map((client) => [client.clientId, client]));
  const personal = new Set(options.personalTokens ?? []);
  const accessTokens = new Set<string>();
  const refreshTokens = new Map<string, IssuedRefresh>();
  const codes = new Map<string, IssuedCode>();
  const counts = { refreshed: 0, refused: 0, codesExchanged: 0 };
  const requests: { method: string; path: string }[] = [];
  let refuse = false;
  let reuse = false;
  let failStatus: number | undefined;
  let delayMs = 0;
  let deny = false;
  const seconds = options.accessTokenSeconds ?? 3600;

  const issue = (clientId: string, scope: string) => {
    // A JWT-shaped access token whose payload lists the scopes, like Clearfacts' (unsigned here).
    const payload = Buffer.from(
      JSON.stringify({ sub: STAND_IN_USER.sub, aud: clientId, scopes: scope.split(' ') }),
    );
    const accessToken = `eyJhbGciOiJub25lIn0.${payload.toString('base64url')}.${randomBytes(24).toString('base64url')}`;
    const refreshToken = `rt-${randomBytes(32).toString('hex')}`;
    accessTokens.add(accessToken);
    refreshTokens.set(refreshToken, { clientId, scope, spent: false });
    return { accessToken, refreshToken };
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      send(response, 500, { error: 'server_error', error_description: String(error) });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: request.method ?? '', path: url.pathname });
    if (url.pathname === '/oauth2-server/authorize') return authorize(url, response);
    if (url.pathname === '/oauth2-server/userinfo') {
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
      if (!accessTokens.has(token) && !personal.has(token)) {
        send(response, 401, {
          error: 'access_denied',
          message: 'The resource owner or authorization server denied the request.',
        });
        return;
      }
      send(response, 200, STAND_IN_USER);
      return;
    }
    if (url.pathname === '/oauth2-server/token' && request.method === 'POST') {
      const form = new URLSearchParams(await readBody(request));
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (failStatus !== undefined) {
        send(response, failStatus, { error: 'temporarily_unavailable' });
        return;
      }
      return token(form, response);
    }
    send(response, 404, { error: 'not_found' });
  }

  function authorize(url: URL, response: ServerResponse): void {
    const params = url.searchParams;
    const client = clients.get(params.get('client_id') ?? '');
    const redirectUri = params.get('redirect_uri') ?? '';
    if (client === undefined || !redirectUri.startsWith('http://127.0.0.1:')) {
      send(response, 400, { error: 'invalid_client' });
      return;
    }
    const back = new URL(redirectUri);
    back.searchParams.set('state', params.get('state') ?? '');
    if (deny) {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The user denied the request');
    } else {
      if (params.get('response_type') !== 'code' || params.get('code_challenge_method') !== 'S256') {
        send(response, 400, { error: 'invalid_request' });
        return;
      }
      const code = `code-${randomBytes(16).toString('hex')}`;
      codes.set(code, {
        clientId: client.clientId,
        redirectUri,
        challenge: params.get('code_challenge') ?? '',
        scope: params.get('scope') ?? (options.defaultScopes ?? []).join(' '),
      });
      back.searchParams.set('code', code);
    }
    response.writeHead(302, { location: back.toString() }).end();
  }

  function token(form: URLSearchParams, response: ServerResponse): void {
    const client = clients.get(form.get('client_id') ?? '');
    if (client === undefined || client.clientSecret !== form.get('client_secret')) {
      send(response, 401, {
        error: 'invalid_client',
        error_description: 'Client authentication failed',
      });
      return;
    }
    if (form.get('grant_type') === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (
        code === undefined ||
        code.redirectUri !== form.get('redirect_uri') ||
        code.challenge !== challenge
      ) {
        send(response, 400, {
          error: 'invalid_grant',
          error_description: 'Authorization code is invalid',
        });
        return;
      }
      counts.codesExchanged += 1;
      const pair = issue(client.clientId, code.scope);
      const offline = code.scope.split(' ').includes('offline_access');
      send(response, 200, {
        token_type: 'Bearer',
        expires_in: seconds,
        access_token: pair.accessToken,
        ...(offline ? { refresh_token: pair.refreshToken } : {}),
        scope: code.scope,
      });
      return;
    }
    if (form.get('grant_type') === 'refresh_token') {
      const presented = form.get('refresh_token') ?? '';
      const issued = refreshTokens.get(presented);
      if (refuse || issued === undefined || (issued.spent && !reuse) || issued.clientId !== client.clientId) {
        counts.refused += 1;
        // Quotes the token back, as careless servers do: the client must redact it.
        send(response, 400, {
          error: 'invalid_grant',
          error_description: `The refresh token ${presented} is invalid or has been revoked`,
        });
        return;
      }
      issued.spent = true;
      counts.refreshed += 1;
      const pair = issue(client.clientId, issued.scope);
      send(response, 200, {
        token_type: 'Bearer',
        expires_in: seconds,
        access_token: pair.accessToken,
        refresh_token: pair.refreshToken,
      });
      return;
    }
    send(response, 400, { error: 'unsupported_grant_type' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    issuer: `http://127.0.0.1:${port}`,
    counts,
    requests,
    isValidAccessToken: (token) => accessTokens.has(token) || personal.has(token),
    liveRefreshTokens: () => [...refreshTokens].filter(([, issued]) => !issued.spent).map(([token]) => token),
    issueTokens: (clientId, scope = 'openid offline_access upload_document read_administrations') =>
      issue(clientId, scope),
    allowRefreshReuse: (value) => {
      reuse = value;
    },
    refuseRefreshes: (value) => {
      refuse = value;
    },
    failTokenEndpoint: (status) => {
      failStatus = status;
    },
    delayTokenEndpoint: (ms) => {
      delayMs = ms;
    },
    denyAuthorization: (value) => {
      deny = value;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
