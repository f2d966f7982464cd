import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { OidcCredentials } from '../../../functions/clearfacts/oidc/oidc-credentials';
import { RefreshTokenRejectedError } from '../../../functions/clearfacts/oidc/oidc-errors';
import { TokenRefresher } from '../../../functions/clearfacts/oidc/token-refresher';
import { oidcSecret, parseTokenSecret } from '../../../functions/clearfacts/token-secret';
import { SecretsManagerTokenStore } from '../../../functions/secrets/secrets-manager-store';
import type { TokenSecretStore } from '../../../functions/secrets/token-secret-store';
import { describeError } from '../../../functions/shared/errors';
import type { EventLog } from '../../../functions/shared/event-log';
import { type OidcStandIn, startOidcStandIn } from '../../support/oidc-stand-in';
import { FakeSecretsManager } from '../../support/secrets-manager-fake';

const CLIENT = { clientId: 'mail-ingest', clientSecret: 'client-secret-Zq81vX' };
const NOW = new Date('2026-11-20T09:15:00Z');
const client = new SecretsManagerClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});

let login: OidcStandIn;
let fake: FakeSecretsManager;
let stale: OidcCredentials;

beforeAll(async () => {
  login = await startOidcStandIn({ clients: [CLIENT] });
});
afterAll(() => login.close());

beforeEach(() => {
  login.refuseRefreshes(false);
  login.failTokenEndpoint(undefined);
  login.delayTokenEndpoint(0);
  const pair = login.issueTokens(CLIENT.clientId);
  // An hour-long access token issued yesterday: expired, with a refresh token still good.
  stale = {
    ...CLIENT,
    ...pair,
    expiresAt: '2026-11-19T10:00:00.000Z',
    issuer: login.issuer,
  };
  fake = new FakeSecretsManager(oidcSecret(stale)).install();
});
afterEach(() => fake.uninstall());

function store(): SecretsManagerTokenStore {
  return new SecretsManagerTokenStore(client, 'clearfacts-token');
}

function refresher(options: Partial<ConstructorParameters<typeof TokenRefresher>[0]> = {}): TokenRefresher {
  return new TokenRefresher({ store: store(), now: () => NOW, recheckDelayMs: 300, ...options });
}

function stored(): OidcCredentials {
  const secret = parseTokenSecret(fake.currentValue());
  if (secret.kind !== 'oidc') throw new Error('expected OIDC credentials in the secret');
  return secret.credentials;
}

/** Every text an error exposes, down its cause chain. */
function everythingSaidAbout(error: unknown): string {
  const texts: string[] = [];
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 10; depth++) {
    const asError = current as { message?: unknown; stack?: unknown; cause?: unknown };
    texts.push(
      String(current),
      JSON.stringify(current),
      String(asError.message),
      String(asError.stack),
      describeError(current),
    );
    current = asError.cause;
  }
  return texts.join('\n');
}

describe('refreshing OpenID Connect tokens', () => {
  it('uses a personal access token as it is, without touching the store', async () => {
    const token = await refresher().bearerToken('{"token":"pat-0123456789"}');
    expect(token).toBe('pat-0123456789');
    expect(fake.calls).toEqual([]);
  });

  it('uses an access token that is still fresh without refreshing', async () => {
    const fresh = { ...stale, expiresAt: '2026-11-20T10:00:00.000Z' };
    expect(await refresher().bearerToken(oidcSecret(fresh))).toBe(stale.accessToken);
    expect(login.counts.refreshed).toBe(0);
  });

  it('refreshes an expired access token once and stores the new refresh token', async () => {
    const before = login.counts.refreshed;
    const tokens = refresher();
    // Two uploads of one invocation ask at once: they share one refresh.
    const [first, second] = await Promise.all([
      tokens.bearerToken(oidcSecret(stale)),
      tokens.bearerToken(oidcSecret(stale)),
    ]);

    expect(login.counts.refreshed - before).toBe(1);
    expect(first).toBe(second);
    expect(login.isValidAccessToken(first)).toBe(true);
    const saved = stored();
    expect(saved.accessToken).toBe(first);
    expect(saved.refreshToken).not.toBe(stale.refreshToken);
    expect(login.liveRefreshTokens()).toContain(saved.refreshToken);
    expect(saved.expiresAt).toBe('2026-11-20T10:15:00.000Z');
    expect(saved.clientSecret).toBe(CLIENT.clientSecret);

    // middy's cached copy is still the old value: no second refresh for it.
    expect(await tokens.bearerToken(oidcSecret(stale))).toBe(first);
    expect(login.counts.refreshed - before).toBe(1);
  });

  it('keeps the newest valid refresh token when two functions refresh at once', async () => {
    login.delayTokenEndpoint(50);
    const before = { ...login.counts };

    // Two Lambda containers, each with middy's cached (expired) copy of the secret.
    const [a, b] = await Promise.all([
      refresher().bearerToken(oidcSecret(stale)),
      refresher().bearerToken(oidcSecret(stale)),
    ]);

    expect(login.counts.refreshed - before.refreshed).toBe(1);
    expect(login.counts.refused - before.refused).toBe(1);
    const saved = stored();
    // The secret holds the newest refresh token the server issued, and the spent one is gone.
    expect(login.liveRefreshTokens().at(-1)).toBe(saved.refreshToken);
    expect(login.liveRefreshTokens()).not.toContain(stale.refreshToken);
    expect(a).toBe(saved.accessToken);
    expect(b).toBe(saved.accessToken);
  });

  it('stores one valid pair when a lenient server lets both functions refresh', async () => {
    login.allowRefreshReuse(true);
    login.delayTokenEndpoint(50);
    try {
      const before = login.counts.refreshed;
      const [a, b] = await Promise.all([
        refresher().bearerToken(oidcSecret(stale)),
        refresher().bearerToken(oidcSecret(stale)),
      ]);

      expect(login.counts.refreshed - before).toBe(2);
      const saved = stored();
      // The loser of the compare-and-swap adopts the winner's tokens: one pair is in use.
      expect(a).toBe(saved.accessToken);
      expect(b).toBe(saved.accessToken);
      expect(login.liveRefreshTokens()).toContain(saved.refreshToken);
      // The original and one successor: the loser's pair was refused under the same version id.
      expect(fake.versions.size).toBe(2);
    } finally {
      login.allowRefreshReuse(false);
    }
  });

  it('uses the tokens another function stored instead of refreshing again', async () => {
    const newer: OidcCredentials = {
      ...stale,
      ...login.issueTokens(CLIENT.clientId),
      expiresAt: '2026-11-20T10:10:00.000Z',
    };
    await store().put(oidcSecret(newer));
    const before = login.counts.refreshed;

    expect(await refresher().bearerToken(oidcSecret(stale))).toBe(newer.accessToken);
    expect(login.counts.refreshed).toBe(before);
  });

  it('raises a configuration error naming the fix, never the token, when the refresh token is dead', async () => {
    login.refuseRefreshes(true);
    const error = await refresher()
      .bearerToken(oidcSecret(stale))
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RefreshTokenRejectedError);
    expect((error as RefreshTokenRejectedError).kind).toBe('configuration');
    expect((error as Error).message).toContain('token login');
    const said = everythingSaidAbout(error);
    expect(said).toContain('invalid_grant');
    for (const secret of [stale.refreshToken, stale.accessToken, CLIENT.clientSecret])
      expect(said).not.toContain(secret);
    expect(stored()).toEqual(stale);
  });

  it('leaves the refresh token unspent and retryable when the login server is down', async () => {
    login.failTokenEndpoint(503);
    const error = await refresher()
      .bearerToken(oidcSecret(stale))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'retryable' });
    expect(stored()).toEqual(stale);

    login.failTokenEndpoint(undefined);
    expect(login.isValidAccessToken(await refresher().bearerToken(oidcSecret(stale)))).toBe(true);
  });

  it('keeps a refreshed pair the store could not take, and stores it on the next call', async () => {
    const real = store();
    let failures = 1;
    const flaky: TokenSecretStore = {
      description: real.description,
      read: () => real.read(),
      put: (value) => real.put(value),
      compareAndSwap: (expected, value) => {
        if (failures-- > 0) return Promise.reject(new Error('ThrottlingException: Rate exceeded'));
        return real.compareAndSwap(expected, value);
      },
    };
    const logged: unknown[] = [];
    const log: EventLog = {
      info: () => undefined,
      warn: () => undefined,
      error: (...args) => logged.push(args),
    };
    const tokens = refresher({ store: flaky, log });

    const token = await tokens.bearerToken(oidcSecret(stale));

    expect(login.isValidAccessToken(token)).toBe(true);
    expect(stored()).toEqual(stale);
    expect(JSON.stringify(logged)).toContain('will retry');
    expect(JSON.stringify(logged)).not.toContain(token);

    expect(await tokens.bearerToken(oidcSecret(stale))).toBe(token);
    expect(stored().accessToken).toBe(token);
  });
});
