import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import {
  REFRESHED_STAGE,
  SecretsManagerTokenStore,
  successorVersionId,
} from '../../functions/secrets/secrets-manager-store';
import { SecretError } from '../../functions/shared/errors';
import { FakeSecretsManager } from '../support/secrets-manager-fake';

const client = new SecretsManagerClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});

let fake: FakeSecretsManager;
let store: SecretsManagerTokenStore;

beforeEach(() => {
  fake = new FakeSecretsManager('{"refreshToken":"first"}').install();
  store = new SecretsManagerTokenStore(client, 'clearfacts-token');
});
afterEach(() => fake.uninstall());

describe('the Secrets Manager token store', () => {
  it('reads the current version with its id', async () => {
    const current = await store.read();
    expect(current).toEqual({ versionId: fake.currentVersionId(), value: '{"refreshToken":"first"}' });
  });

  it('writes a refresh as the successor of the version read and makes it current', async () => {
    const read = await store.read();
    const result = await store.compareAndSwap(read.versionId, 'second');
    expect(result).toEqual({ written: true, versionId: successorVersionId(read.versionId) });
    expect(fake.currentValue()).toBe('second');
    expect(fake.versions.get(read.versionId)?.stages.has('AWSPREVIOUS')).toBe(true);
  });

  it('lets exactly one of two writers that read the same version store its value', async () => {
    const read = await store.read();
    const results = await Promise.all([
      store.compareAndSwap(read.versionId, 'from function A'),
      new SecretsManagerTokenStore(client, 'clearfacts-token').compareAndSwap(
        read.versionId,
        'from function B',
      ),
    ]);
    expect(results.filter((result) => result.written)).toHaveLength(1);
    const winner = results[0]?.written ? 'from function A' : 'from function B';
    expect(fake.currentValue()).toBe(winner);
  });

  it('refuses to overwrite a secret that changed since it was read', async () => {
    const read = await store.read();
    await store.put('an admin stored a new token');
    expect(await store.compareAndSwap(read.versionId, 'stale refresh')).toEqual({ written: false });
    expect(fake.currentValue()).toBe('an admin stored a new token');
  });

  it('finishes a refresh whose writer stopped before making it current', async () => {
    const read = await store.read();
    // What a function that crashed between its two calls leaves behind.
    fake.put({
      SecretId: 'clearfacts-token',
      ClientRequestToken: successorVersionId(read.versionId),
      SecretString: 'refreshed, never promoted',
      VersionStages: [REFRESHED_STAGE],
    });
    expect(fake.currentValue()).toBe('{"refreshToken":"first"}');

    const current = await store.read();

    expect(current.value).toBe('refreshed, never promoted');
    expect(fake.currentValue()).toBe('refreshed, never promoted');
  });

  it('repeats a write idempotently when its first answer was lost', async () => {
    const read = await store.read();
    await store.compareAndSwap(read.versionId, 'second');
    // Same version read, same value: the SDK's retry of a lost answer.
    expect(await store.compareAndSwap(read.versionId, 'second')).toEqual({
      written: true,
      versionId: successorVersionId(read.versionId),
    });
  });

  it('stores an admin value unconditionally as the current version', async () => {
    const stored = await store.put('{"token":"new"}');
    expect(fake.currentVersionId()).toBe(stored.versionId);
    expect(fake.currentValue()).toBe('{"token":"new"}');
  });

  it.each([
    // Not modelled by the Secrets Manager client: AWS answers it for every service the same way.
    ['AccessDeniedException', 'not allowed'],
    // The SDK's own, before any request: no credentials on the machine or role.
    ['CredentialsProviderError', 'Could not load credentials from any providers'],
  ])(
    'says an admin must act when the secret cannot be read (%s), without its value',
    async (name, message) => {
      fake.uninstall();
      const denied = mockClient(SecretsManagerClient);
      denied.onAnyCommand().rejects(Object.assign(new Error(message), { name }));
      try {
        const error = await store.read().catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(SecretError);
        expect((error as SecretError).kind).toBe('configuration');
        expect((error as Error).message).toContain('Secrets Manager secret clearfacts-token');
        expect((error as Error).message).toContain(name);
      } finally {
        denied.restore();
      }
    },
  );

  it('names the config setting when a refreshed token may not be written', async () => {
    fake.uninstall();
    const denied = mockClient(SecretsManagerClient);
    denied
      .onAnyCommand()
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    try {
      const error = await store.compareAndSwap('v1', '{"token":"x"}').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SecretError);
      expect((error as Error).message).toBe(
        'Cannot write the Secrets Manager secret clearfacts-token: AccessDeniedException: not authorized; ' +
          'the stack lets its functions write the secret only with deployment.clearfactsAuth "oidc"',
      );
    } finally {
      denied.restore();
    }
  });

  it('keeps a throttled read retryable, not an admin matter (positive control)', async () => {
    fake.uninstall();
    const throttled = mockClient(SecretsManagerClient);
    throttled
      .onAnyCommand()
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    try {
      const error = await store.read().catch((caught: unknown) => caught);
      expect(error).not.toBeInstanceOf(SecretError);
      expect((error as { kind?: string }).kind).toBe('retryable');
    } finally {
      throttled.restore();
    }
  });
});
