import { runAuthorizationCodeFlow } from '../../../functions/clearfacts/oidc/authorization-code-flow';
import { OidcError } from '../../../functions/clearfacts/oidc/oidc-errors';
import { describeError } from '../../../functions/shared/errors';
import { type OidcStandIn, startOidcStandIn } from '../../support/oidc-stand-in';

const CLIENT = { clientId: 'mail-ingest', clientSecret: 'client-secret-Zq81vX' };
const NOW = new Date('2026-11-20T09:15:00Z');

let login: OidcStandIn;
beforeAll(async () => {
  login = await startOidcStandIn({ clients: [CLIENT] });
});
afterAll(() => login.close());
afterEach(() => login.denyAuthorization(false));

/** Plays the browser: opens the authorize URL, then follows the login server's redirect to the listener. */
async function signInWithBrowser(authorizeUrl: string): Promise<Response> {
  const authorize = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = authorize.headers.get('location');
  if (location === null) throw new Error(`authorize answered ${authorize.status} without a redirect`);
  return fetch(location);
}

function flow(overrides: Partial<Parameters<typeof runAuthorizationCodeFlow>[0]> = {}) {
  return runAuthorizationCodeFlow({
    issuer: login.issuer,
    ...CLIENT,
    port: 0,
    now: () => NOW,
    openBrowser: async (url) => {
      await signInWithBrowser(url);
    },
    ...overrides,
  });
}

describe('the Authorization Code flow', () => {
  it('signs in with PKCE and state, asks for offline_access, and returns what the secret stores', async () => {
    const opened: string[] = [];
    const credentials = await flow({
      openBrowser: async (url) => {
        opened.push(url);
        const page = await signInWithBrowser(url);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('Signed in');
      },
    });

    const authorize = new URL(opened[0] ?? '');
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${login.issuer}/oauth2-server/authorize`);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(authorize.searchParams.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining(['openid', 'offline_access', 'upload_document', 'read_administrations']),
    );
    expect(authorize.searchParams.has('client_secret')).toBe(false);

    expect(credentials).toMatchObject({
      ...CLIENT,
      issuer: login.issuer,
      expiresAt: '2026-11-20T10:15:00.000Z',
    });
    expect(login.isValidAccessToken(credentials.accessToken)).toBe(true);
    expect(login.liveRefreshTokens()).toContain(credentials.refreshToken);
    expect(credentials.scope).toContain('offline_access');
  });

  it('ignores a redirect that does not carry its state', async () => {
    const credentials = await flow({
      openBrowser: async (url) => {
        const redirectUri = new URL(url).searchParams.get('redirect_uri') ?? '';
        const forged = await fetch(`${redirectUri}?code=forged&state=not-ours`);
        expect(forged.status).toBe(400);
        await signInWithBrowser(url);
      },
    });
    expect(login.isValidAccessToken(credentials.accessToken)).toBe(true);
  });

  it('reports a refused sign-in as something an admin must look at', async () => {
    login.denyAuthorization(true);
    const error = await flow().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OidcError);
    expect((error as OidcError).kind).toBe('configuration');
    expect((error as Error).message).toContain('access_denied');
  });

  it('never quotes the client secret, code or verifier when the code exchange fails', async () => {
    const wrong = 'wrong-secret-8f7e6d5c4b';
    const error = await flow({ clientSecret: wrong }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OidcError);
    expect(describeError(error)).toContain('invalid_client');
    expect(describeError(error)).not.toContain(wrong);
    expect(describeError(error)).not.toMatch(/code-[0-9a-f]{32}/);
  });

  it('gives up when nobody signs in, and closes the listener', async () => {
    let redirectUri = '';
    const error = await flow({
      timeoutMs: 100,
      openBrowser: (url) => {
        redirectUri = new URL(url).searchParams.get('redirect_uri') ?? '';
      },
    }).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain('No sign-in arrived');
    await expect(fetch(redirectUri)).rejects.toThrow();
  });

  it('leaves no timer keeping the process alive when the browser cannot be opened', async () => {
    // Timers that keep Node's event loop alive, as Node lists its active resources.
    const keepingAlive = (): number =>
      process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = keepingAlive();
    // A positive control: a pending five-minute timer is one more.
    const control = setTimeout(() => undefined, 5 * 60 * 1000);
    expect(keepingAlive()).toBe(before + 1);
    clearTimeout(control);

    const error = await flow({
      openBrowser: async () => {
        throw new Error('no browser on this machine');
      },
    }).catch((caught: unknown) => caught);
    expect((error as Error).message).toBe('no browser on this machine');
    // The five-minute wait for a sign-in that can no longer arrive must not hold the CLI open.
    expect(keepingAlive()).toBe(before);
  });
});
