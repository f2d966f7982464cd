import { Logger } from '@aws-lambda-powertools/logger';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { ClearfactsClient } from '../../functions/clearfacts/clearfacts-client';
import type { OidcCredentials } from '../../functions/clearfacts/oidc/oidc-credentials';
import { TokenRefresher } from '../../functions/clearfacts/oidc/token-refresher';
import { oidcSecret, parseTokenSecret } from '../../functions/clearfacts/token-secret';
import { createHandler } from '../../functions/ingest/create-handler';
import { CachedSecret } from '../../functions/secrets/cached-secret';
import { SecretsManagerTokenStore } from '../../functions/secrets/secrets-manager-store';
import { eventLogFrom } from '../../functions/shared/event-log';
import { captureOutput } from '../support/capture-output';
import { AS_CLEARFACTS_AUTHORISED } from '../support/clearfacts-stand-in';
import { composeMail } from '../support/compose-mail';
import {
  ACME,
  emittedMetrics,
  IngestHarness,
  LAMBDA_CONTEXT,
  testHandlerOptions,
} from '../support/ingest-harness';
import { minimalPdf } from '../support/minimal-pdf';
import { type OidcStandIn, startOidcStandIn } from '../support/oidc-stand-in';
import { FakeSecretsManager } from '../support/secrets-manager-fake';
import { sqsEvent } from '../support/ses-events';

const CLIENT = { clientId: 'mail-ingest', clientSecret: 'client-secret-Zq81vX' };
const SECRET_ID = 'ClearfactsMailIngest/clearfacts-token';
const secretsClient = new SecretsManagerClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
let harness: IngestHarness;
let login: OidcStandIn;
let fake: FakeSecretsManager;

beforeAll(async () => {
  harness = await IngestHarness.start();
  login = await startOidcStandIn({ clients: [CLIENT] });
  // Clearfacts accepts what the login server issued.
  harness.clearfacts.respondAlways((request) => {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    return login.isValidAccessToken(bearer)
      ? AS_CLEARFACTS_AUTHORISED
      : { status: 401, body: { message: 'Unauthorized' } };
  });
});
afterAll(async () => {
  await login.close();
  await harness.close();
});
beforeEach(() => {
  login.refuseRefreshes(false);
  // `token login` ran yesterday: the hour-long access token has expired, the refresh token has not.
  const expired: OidcCredentials = {
    ...CLIENT,
    ...login.issueTokens(CLIENT.clientId),
    expiresAt: '2026-11-19T10:00:00.000Z',
    issuer: login.issuer,
  };
  fake = new FakeSecretsManager(oidcSecret(expired)).install();
});
afterEach(() => fake.uninstall());

/** The handler wired as `handler.ts` wires it: the store reads the secret, the refresher turns it into a token. */
function handler() {
  const logger = new Logger({ serviceName: 'ingest-test' });
  const store = new SecretsManagerTokenStore(secretsClient, SECRET_ID);
  const secret = new CachedSecret(store, 0);
  const tokens = new TokenRefresher({
    store,
    log: eventLogFrom(logger),
    now: () => harness.now,
    recheckDelayMs: 1,
  });
  return createHandler({
    ...testHandlerOptions(logger),
    retries: { retryLater: async () => undefined },
    deps: () => ({
      ...harness.deps({}, eventLogFrom(logger)),
      uploader: new ClearfactsClient({
        apiUrl: harness.clearfacts.url,
        token: async () => tokens.bearerToken(await secret.value()),
        sleep: async () => undefined,
      }),
    }),
  });
}

async function invoke(records: SQSRecord[]): Promise<{ result: SQSBatchResponse; output: string }> {
  const run = handler();
  return captureOutput(async () => (await run(sqsEvent(records), LAMBDA_CONTEXT)) as SQSBatchResponse);
}

async function storeInvoice(messageId: string): Promise<void> {
  const pdf = minimalPdf(`Invoice in ${messageId}`);
  await harness.storeMessage(
    messageId,
    await composeMail({ attachments: [{ filename: `${messageId}.pdf`, content: pdf }] }),
  );
}

function storedCredentials(): OidcCredentials {
  const secret = parseTokenSecret(fake.currentValue());
  if (secret.kind !== 'oidc') throw new Error('expected OIDC credentials');
  return secret.credentials;
}

describe('the ingest function with OpenID Connect credentials', () => {
  it('refreshes an expired access token, uploads with it, and stores the new refresh token', async () => {
    await storeInvoice('msg-oidc');
    const before = { refreshed: login.counts.refreshed, uploads: harness.clearfacts.uploads.length };

    const { result, output } = await invoke([harness.record('msg-oidc', [ACME])]);

    expect(result.batchItemFailures).toEqual([]);
    expect(login.counts.refreshed - before.refreshed).toBe(1);
    expect(harness.clearfacts.uploads.length - before.uploads).toBe(1);
    const stored = storedCredentials();
    expect(harness.clearfacts.requests.at(-1)?.headers.authorization).toBe(`Bearer ${stored.accessToken}`);
    expect(login.liveRefreshTokens().at(-1)).toBe(stored.refreshToken);
    expect(emittedMetrics(output)).toMatchObject({ ClearfactsAuthFailures: 0, DocumentsUploaded: 1 });
    for (const secret of [stored.accessToken, stored.refreshToken, CLIENT.clientSecret])
      expect(output).not.toContain(secret);
  });

  it('keeps the message and raises the auth alarm when the refresh token is refused', async () => {
    await storeInvoice('msg-dead-refresh');
    login.refuseRefreshes(true);
    const before = storedCredentials();

    const refused = await invoke([harness.record('msg-dead-refresh', [ACME])]);

    expect(refused.result.batchItemFailures).toEqual([{ itemIdentifier: 'sqs-msg-dead-refresh' }]);
    expect(emittedMetrics(refused.output)).toMatchObject({ ClearfactsAuthFailures: 1, MessagesRetried: 1 });
    const report = await harness.readReport('msg-dead-refresh');
    expect(report.outcome).toBe('retrying');
    expect(report.deliveries[0]?.uploads[0]).toMatchObject({ status: 'failed', errorKind: 'configuration' });
    expect(report.deliveries[0]?.uploads[0]?.error).toContain('token login');
    expect(storedCredentials()).toEqual(before);
    for (const secret of [before.accessToken, before.refreshToken, CLIENT.clientSecret]) {
      expect(refused.output).not.toContain(secret);
      expect(JSON.stringify(report)).not.toContain(secret);
    }

    // An admin signs in again; the queue brings the message back and it is delivered.
    login.refuseRefreshes(false);
    await new SecretsManagerTokenStore(secretsClient, SECRET_ID).put(
      oidcSecret({ ...before, ...login.issueTokens(CLIENT.clientId), expiresAt: '2026-11-20T10:00:00.000Z' }),
    );
    harness.advance(60_000);
    const retried = await invoke([harness.record('msg-dead-refresh', [ACME], { receiveCount: 2 })]);
    expect(retried.result.batchItemFailures).toEqual([]);
    expect((await harness.readReport('msg-dead-refresh')).outcome).toBe('delivered');
  });
});
