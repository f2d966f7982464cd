import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import type { OidcCredentials } from '../../functions/clearfacts/oidc/oidc-credentials';
import { TokenRefresher } from '../../functions/clearfacts/oidc/token-refresher';
import { oidcSecret, parseTokenSecret, personalTokenSecret } from '../../functions/clearfacts/token-secret';
import { createKeeperHandler, type KeeperSummary } from '../../functions/keeper/create-keeper-handler';
import { keeperSecretId } from '../../functions/keeper/keeper-environment';
import { SecretsManagerTokenStore } from '../../functions/secrets/secrets-manager-store';
import { KEEPER_METRIC } from '../../functions/shared/metric-names';
import { captureOutput } from '../support/capture-output';
import { emittedMetrics } from '../support/ingest-harness';
import { type OidcStandIn, startOidcStandIn } from '../support/oidc-stand-in';
import { FakeSecretsManager } from '../support/secrets-manager-fake';

const CLIENT = { clientId: 'mail-ingest', clientSecret: 'client-secret-K33p3r' };
const NOW = new Date('2026-11-20T03:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;
const SECRET_ID = 'clearfacts-token';
const client = new SecretsManagerClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const CONTEXT = {
  functionName: 'token-keeper',
  awsRequestId: 'req-1',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:token-keeper',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

let login: OidcStandIn;
let fake: FakeSecretsManager;

beforeAll(async () => {
  login = await startOidcStandIn({ clients: [CLIENT] });
});
afterAll(() => login.close());
afterEach(() => {
  fake.uninstall();
  login.refuseRefreshes(false);
  login.failTokenEndpoint(undefined);
  login.delayTokenEndpoint(0);
});

/** OIDC credentials whose refresh token was issued `ageDays` ago; the access token expires in `expiresInMs`. */
function credentials(ageDays: number, expiresInMs: number): OidcCredentials {
  const issued = new Date(NOW.getTime() - ageDays * DAY_MS).toISOString();
  return {
    ...CLIENT,
    ...login.issueTokens(CLIENT.clientId),
    expiresAt: new Date(NOW.getTime() + expiresInMs).toISOString(),
    issuer: login.issuer,
    refreshedAt: issued,
    refreshTokenIssuedAt: issued,
  };
}

function storeSecret(value: string): void {
  fake = new FakeSecretsManager(value).install();
}

function stored(): OidcCredentials {
  const secret = parseTokenSecret(fake.currentValue());
  if (secret.kind !== 'oidc') throw new Error('expected OIDC credentials in the secret');
  return secret.credentials;
}

/** Runs the keeper's Lambda entry once; a failed run resolves with its error. */
async function runKeeper(
  options: { fetch?: typeof fetch; secretId?: () => string } = {},
): Promise<{ result?: KeeperSummary; error?: Error; output: string; metrics: Record<string, number> }> {
  const handler = createKeeperHandler({
    logger: new Logger({ serviceName: 'keeper-test' }),
    metrics: new Metrics({ namespace: 'Test', serviceName: 'keeper-test' }),
    store: () => new SecretsManagerTokenStore(client, (options.secretId ?? (() => SECRET_ID))()),
    now: () => NOW,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const { result, output } = await captureOutput(async () => {
    try {
      return { result: (await handler({}, CONTEXT)) as KeeperSummary };
    } catch (error) {
      return { error: error as Error };
    }
  });
  return { ...result, output, metrics: emittedMetrics(output) };
}

describe('the token keeper with OpenID Connect credentials', () => {
  it('refreshes even a valid access token, stores the new pair and records when', async () => {
    // Valid for 50 more minutes: the ingest function would not refresh it, the keeper does.
    const before = credentials(20, 50 * 60 * 1000);
    storeSecret(oidcSecret(before));
    const refreshed = login.counts.refreshed;

    const run = await runKeeper();

    expect(run.error).toBeUndefined();
    expect(login.counts.refreshed - refreshed).toBe(1);
    const after = stored();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(login.liveRefreshTokens()).toContain(after.refreshToken);
    expect(login.liveRefreshTokens()).not.toContain(before.refreshToken);
    expect(after).toMatchObject({ refreshedAt: NOW.toISOString(), refreshTokenIssuedAt: NOW.toISOString() });
    expect(run.result).toEqual({
      status: 'refreshed',
      refreshedAt: NOW.toISOString(),
      refreshTokenAgeDays: 0,
    });
    expect(run.metrics).toEqual({
      [KEEPER_METRIC.refreshFailures]: 0,
      [KEEPER_METRIC.refreshTokenAgeDays]: 0,
    });
    for (const secret of [after.accessToken, after.refreshToken, before.refreshToken, CLIENT.clientSecret])
      expect(run.output).not.toContain(secret);
  });

  it('keeps the refresh token’s issue date when Clearfacts answers without a new one', async () => {
    const before = credentials(20, -60_000);
    storeSecret(oidcSecret(before));
    login.allowRefreshReuse(true);
    // The token endpoint's answer, minus its refresh_token: OAuth lets a server keep the old one.
    const withoutRefreshToken: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const { refresh_token: _dropped, ...body } = (await response.json()) as Record<string, unknown>;
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
    };
    try {
      const run = await runKeeper({ fetch: withoutRefreshToken });

      expect(run.error).toBeUndefined();
      expect(stored()).toMatchObject({
        refreshToken: before.refreshToken,
        refreshedAt: NOW.toISOString(),
        refreshTokenIssuedAt: before.refreshTokenIssuedAt,
      });
      expect(run.metrics[KEEPER_METRIC.refreshTokenAgeDays]).toBe(20);
    } finally {
      login.allowRefreshReuse(false);
    }
  });

  it('fails the run and publishes the failure and the old token’s age when Clearfacts refuses the refresh', async () => {
    const before = credentials(26, -60_000);
    storeSecret(oidcSecret(before));
    login.refuseRefreshes(true);

    const run = await runKeeper();

    expect(run.error?.name).toBe('TokenKeeperError');
    expect(run.error?.message).toContain('Clearfacts refused the stored refresh token (invalid_grant)');
    expect(run.error?.message).toContain('token login');
    expect(run.metrics).toEqual({
      [KEEPER_METRIC.refreshFailures]: 1,
      [KEEPER_METRIC.refreshTokenAgeDays]: 26,
    });
    expect(stored()).toEqual(before);
    expect(run.output).not.toContain(before.refreshToken);
    expect(run.output).not.toContain(CLIENT.clientSecret);
  });

  it('fails the run when the login domain is down, leaving the secret as it was', async () => {
    const before = credentials(3, -60_000);
    storeSecret(oidcSecret(before));
    login.failTokenEndpoint(503);

    const run = await runKeeper();

    expect(run.error?.message).toContain('answered 503');
    expect(run.metrics[KEEPER_METRIC.refreshFailures]).toBe(1);
    expect(run.metrics[KEEPER_METRIC.refreshTokenAgeDays]).toBe(3);
    expect(stored()).toEqual(before);
  });

  it('shares the ingest function’s compare-and-swap: refreshing together, one pair is stored and neither fails', async () => {
    storeSecret(oidcSecret(credentials(5, -60_000)));
    login.delayTokenEndpoint(200);
    const counts = { ...login.counts };
    // The ingest function's refresher, on an expired token, at the same moment.
    const ingest = new TokenRefresher({
      store: new SecretsManagerTokenStore(client, SECRET_ID),
      now: () => NOW,
      recheckDelayMs: 400,
    });

    const [run, bearer] = await Promise.all([runKeeper(), ingest.bearerToken(fake.currentValue())]);

    expect(run.error).toBeUndefined();
    // Both spent the same refresh token: Clearfacts took it once and refused the other.
    expect(login.counts.refreshed - counts.refreshed).toBe(1);
    expect(login.counts.refused - counts.refused).toBe(1);
    expect(bearer).toBe(stored().accessToken);
    expect(login.liveRefreshTokens()).toContain(stored().refreshToken);
    expect(run.result?.status).toBe('refreshed');
  });
});

describe('the token keeper with a personal access token', () => {
  it('does nothing: no token request, no write, only a zero failure count', async () => {
    storeSecret(personalTokenSecret('cfPAT-keeper-0123456789'));
    const requests = login.requests.length;

    const run = await runKeeper();

    expect(run.error).toBeUndefined();
    expect(run.result).toEqual({ status: 'personal' });
    expect(login.requests.length).toBe(requests);
    expect(fake.calls).not.toContain('PutSecretValue');
    expect(fake.calls).not.toContain('UpdateSecretVersionStage');
    expect(run.metrics).toEqual({ [KEEPER_METRIC.refreshFailures]: 0 });
  });
});

describe('the token keeper without its environment', () => {
  it('fails the run with the variable’s name and counts the failure, instead of crashing on load', async () => {
    storeSecret(personalTokenSecret('cfPAT-keeper-0123456789'));

    const run = await runKeeper({ secretId: () => keeperSecretId({}) });

    expect(run.error?.message).toContain('CLEARFACTS_SECRET_ID is not set');
    expect(run.metrics).toEqual({ [KEEPER_METRIC.refreshFailures]: 1 });
    expect(fake.calls).toEqual([]);
  });
});
