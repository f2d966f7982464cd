import { randomUUID } from 'node:crypto';
import {
  GetSecretValueCommand,
  type GetSecretValueCommandInput,
  type GetSecretValueCommandOutput,
  InvalidParameterException,
  PutSecretValueCommand,
  type PutSecretValueCommandInput,
  type PutSecretValueCommandOutput,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
  type UpdateSecretVersionStageCommandInput,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';

/** One stored version. */
interface FakeVersion {
  readonly value: string;
  readonly stages: Set<string>;
}

/**
 * Secrets Manager's version semantics for one secret, in memory, behind the real SDK client (through
 * aws-sdk-client-mock): `ClientRequestToken` becomes the VersionId and a second, different value under
 * it is refused (ResourceExistsException); staging labels move between versions; moving AWSCURRENT
 * needs `RemoveFromVersionId` to name the version that holds it (else InvalidParameterException).
 */
export class FakeSecretsManager {
  readonly versions = new Map<string, FakeVersion>();
  /** Calls by command name, to assert on. */
  readonly calls: string[] = [];
  private stub: { restore(): void } | undefined;

  constructor(initialValue?: string) {
    if (initialValue !== undefined) this.put({ SecretId: 'secret', SecretString: initialValue });
    this.calls.length = 0;
  }

  /** Routes every SecretsManagerClient in this test file to the fake (answers are promises, like the SDK's). */
  install(): this {
    const stub = mockClient(SecretsManagerClient);
    this.stub = stub;
    stub.on(GetSecretValueCommand).callsFake(async (input: GetSecretValueCommandInput) => this.get(input));
    stub.on(PutSecretValueCommand).callsFake(async (input: PutSecretValueCommandInput) => this.put(input));
    stub
      .on(UpdateSecretVersionStageCommand)
      .callsFake(async (input: UpdateSecretVersionStageCommandInput) => this.updateStage(input));
    return this;
  }

  /** Stops routing the client to the fake. */
  uninstall(): void {
    this.stub?.restore();
  }

  /** The value everyone reads (AWSCURRENT). */
  currentValue(): string | undefined {
    return this.holder('AWSCURRENT')?.[1].value;
  }

  /** The id of the AWSCURRENT version. */
  currentVersionId(): string | undefined {
    return this.holder('AWSCURRENT')?.[0];
  }

  get(input: GetSecretValueCommandInput): GetSecretValueCommandOutput {
    this.calls.push('GetSecretValue');
    const found =
      input.VersionId !== undefined
        ? ([input.VersionId, this.versions.get(input.VersionId)] as const)
        : this.holder(input.VersionStage ?? 'AWSCURRENT');
    const version = found?.[1];
    if (found === undefined || version === undefined) {
      throw new ResourceNotFoundException({
        message: "Secrets Manager can't find the specified secret value",
        $metadata: {},
      });
    }
    return {
      $metadata: {},
      VersionId: found[0],
      SecretString: version.value,
      VersionStages: [...version.stages],
    };
  }

  put(input: PutSecretValueCommandInput): PutSecretValueCommandOutput {
    this.calls.push('PutSecretValue');
    const versionId = input.ClientRequestToken ?? randomUUID();
    const existing = this.versions.get(versionId);
    if (existing !== undefined) {
      if (existing.value === input.SecretString) return { $metadata: {}, VersionId: versionId };
      throw new ResourceExistsException({
        message: 'A version with this ClientRequestToken already exists',
        $metadata: {},
      });
    }
    this.versions.set(versionId, { value: input.SecretString ?? '', stages: new Set() });
    for (const stage of input.VersionStages ?? ['AWSCURRENT']) this.attach(stage, versionId);
    return { $metadata: {}, VersionId: versionId, VersionStages: input.VersionStages ?? ['AWSCURRENT'] };
  }

  updateStage(input: UpdateSecretVersionStageCommandInput): { $metadata: object } {
    this.calls.push('UpdateSecretVersionStage');
    const stage = input.VersionStage ?? '';
    const target = input.MoveToVersionId;
    if (target === undefined || !this.versions.has(target)) {
      throw new ResourceNotFoundException({ message: 'No such version', $metadata: {} });
    }
    const holder = this.holder(stage)?.[0];
    if (holder !== undefined && holder !== target && holder !== input.RemoveFromVersionId) {
      throw new InvalidParameterException({
        message: `The staging label ${stage} is attached to version ${holder}, not ${input.RemoveFromVersionId}`,
        $metadata: {},
      });
    }
    this.attach(stage, target);
    return { $metadata: {} };
  }

  private attach(stage: string, versionId: string): void {
    const previous = this.holder(stage);
    if (previous !== undefined && previous[0] !== versionId) {
      previous[1].stages.delete(stage);
      if (stage === 'AWSCURRENT') {
        this.holder('AWSPREVIOUS')?.[1].stages.delete('AWSPREVIOUS');
        previous[1].stages.add('AWSPREVIOUS');
      }
    }
    this.versions.get(versionId)?.stages.add(stage);
  }

  private holder(stage: string): [string, FakeVersion] | undefined {
    return [...this.versions].find(([, version]) => version.stages.has(stage));
  }
}
