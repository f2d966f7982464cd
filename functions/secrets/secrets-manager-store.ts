import { createHash } from 'node:crypto';
import {
  GetSecretValueCommand,
  type GetSecretValueCommandInput,
  type GetSecretValueCommandOutput,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { SecretError, StorageError } from '../shared/errors';
import type { SecretVersion, SwapResult, TokenSecretStore } from './token-secret-store';

/** The label Secrets Manager gives the version everyone reads. */
export const CURRENT_STAGE = 'AWSCURRENT';

/** Our label for a refreshed value written but not yet made current (AWSPENDING belongs to rotation). */
export const REFRESHED_STAGE = 'CLEARFACTS_REFRESHED';

/** Successors followed in one `read`; more than a couple would mean something keeps writing in a loop. */
const MAX_SUCCESSOR_HOPS = 5;

/** Errors that mean the secret is missing, unreadable or not ours to read: an admin must act. */
const CONFIGURATION_ERRORS = new Set([
  // No credentials at all (the SDK's own error, before any request): a deployment or admin problem.
  'CredentialsProviderError',
  'AccessDeniedException',
  'ResourceNotFoundException',
  'InvalidRequestException',
  'DecryptionFailure',
]);

/**
 * The version id a refresh of `versionId` writes. It is derived, not random, which makes the write a
 * compare-and-swap: Secrets Manager refuses a second, different value under the same id, so of two
 * functions refreshing the same version only one can store its result, and a retried write is idempotent.
 */
export function successorVersionId(versionId: string): string {
  const hex = createHash('sha256').update(`clearfacts-refresh:${versionId}`).digest('hex');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join(
    '-',
  );
}

/**
 * The token in a Secrets Manager secret. A refresh is written in two steps: the new value as the
 * derived successor of the version read (labelled `CLEARFACTS_REFRESHED`), then `AWSCURRENT` moved to it
 * with `RemoveFromVersionId` = the version read, which Secrets Manager refuses if anyone changed the secret
 * meanwhile. `read` finishes a successor a crashed writer left unpromoted, so its refresh token is not lost.
 */
export class SecretsManagerTokenStore implements TokenSecretStore {
  readonly description: string;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
  ) {
    this.description = `Secrets Manager secret ${secretId}`;
  }

  async read(): Promise<SecretVersion> {
    let current = await this.get({ VersionStage: CURRENT_STAGE });
    for (let hop = 0; hop < MAX_SUCCESSOR_HOPS; hop++) {
      const successor = await this.find(successorVersionId(current.versionId));
      if (successor === undefined) return current;
      await this.promote(successor.versionId, current.versionId);
      // Re-read rather than trust the promotion: an admin may have stored a new token meanwhile.
      current = await this.get({ VersionStage: CURRENT_STAGE });
    }
    return current;
  }

  async compareAndSwap(expectedVersionId: string, value: string): Promise<SwapResult> {
    const successor = successorVersionId(expectedVersionId);
    try {
      await this.client.send(
        new PutSecretValueCommand({
          SecretId: this.secretId,
          ClientRequestToken: successor,
          SecretString: value,
          VersionStages: [REFRESHED_STAGE],
        }),
      );
    } catch (error) {
      // Someone else already stored a refresh of the version we read: theirs wins, `read` returns it.
      if (errorName(error) === 'ResourceExistsException') return { written: false };
      throw this.failure('write', error);
    }
    if (await this.promote(successor, expectedVersionId)) return { written: true, versionId: successor };
    // Refused: either another reader promoted our value already, or the secret was replaced.
    const current = await this.get({ VersionStage: CURRENT_STAGE });
    return current.versionId === successor ? { written: true, versionId: successor } : { written: false };
  }

  async put(value: string): Promise<SecretVersion> {
    try {
      // No stages given: Secrets Manager makes the new version AWSCURRENT.
      const result = await this.client.send(
        new PutSecretValueCommand({ SecretId: this.secretId, SecretString: value }),
      );
      return { versionId: result.VersionId ?? '', value };
    } catch (error) {
      throw this.failure('write', error);
    }
  }

  /** Moves AWSCURRENT from `from` to `to`; false when `from` is no longer current. */
  private async promote(to: string, from: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: this.secretId,
          VersionStage: CURRENT_STAGE,
          MoveToVersionId: to,
          RemoveFromVersionId: from,
        }),
      );
      return true;
    } catch (error) {
      const name = errorName(error);
      if (name === 'InvalidParameterException' || name === 'InvalidRequestException') return false;
      throw this.failure('update', error);
    }
  }

  private async find(versionId: string): Promise<SecretVersion | undefined> {
    try {
      return await this.get({ VersionId: versionId });
    } catch (error) {
      if (error instanceof SecretError && errorName(error.cause) === 'ResourceNotFoundException')
        return undefined;
      throw error;
    }
  }

  private async get(input: Omit<GetSecretValueCommandInput, 'SecretId'>): Promise<SecretVersion> {
    let result: GetSecretValueCommandOutput;
    try {
      result = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId, ...input }));
    } catch (error) {
      throw this.failure('read', error);
    }
    if (typeof result.SecretString !== 'string' || result.VersionId === undefined) {
      throw new SecretError(`The ${this.description} holds no text value: store the token as a string`);
    }
    return { versionId: result.VersionId, value: result.SecretString };
  }

  /** AWS errors name the secret and the problem, never its value; they are safe to pass on. */
  private failure(action: string, error: unknown): Error {
    const name = errorName(error) ?? 'Error';
    // A deployment grants writing only for OIDC credentials (infra/constructs/clearfacts-secret.ts).
    const hint =
      action !== 'read' && name === 'AccessDeniedException'
        ? '; the stack lets its functions write the secret only with deployment.clearfactsAuth "oidc"'
        : '';
    const message = `Cannot ${action} the ${this.description}: ${name}: ${(error as Error)?.message ?? ''}${hint}`;
    return CONFIGURATION_ERRORS.has(name)
      ? new SecretError(message, { cause: error })
      : new StorageError(message, 'retryable', { cause: error });
  }
}

function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && typeof (error as Error).name === 'string'
    ? (error as Error).name
    : undefined;
}
