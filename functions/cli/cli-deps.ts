import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { QueueDepth } from '../queues/queue-depth';
import { sqsQueueDepth } from '../queues/sqs-queue-depth';
import type { RecentReports } from '../reports/recent-reports';
import { S3RecentReports } from '../reports/s3-recent-reports';
import { SecretsManagerTokenStore } from '../secrets/secrets-manager-store';
import type { TokenSecretStore } from '../secrets/token-secret-store';
import { openInBrowser } from './open-browser';
import type { SecretInputStream } from './read-secret-input';
import { cloudFormationClient, readStackOutputs, type StackOutputs } from './stack-outputs';

/** The deployed stack's services, as the operator commands use them. */
export interface AwsAccess {
  stackOutputs(stackName: string): Promise<StackOutputs>;
  secretStore(secretId: string): TokenSecretStore;
  recentReports(bucket: string): RecentReports;
  queueDepth(queueUrl: string, now: Date): Promise<QueueDepth>;
}

/** AWS with the caller's credentials (profile, environment, SSO); clients are made on first use. */
export function awsAccess(region: string | undefined): AwsAccess {
  const options = region === undefined ? {} : { region };
  let sqs: SQSClient | undefined;
  let cloudwatch: CloudWatchClient | undefined;
  return {
    stackOutputs: (stackName) => readStackOutputs(cloudFormationClient(region), stackName),
    secretStore: (secretId) => new SecretsManagerTokenStore(new SecretsManagerClient(options), secretId),
    recentReports: (bucket) => new S3RecentReports(new S3Client(options), bucket),
    queueDepth: (queueUrl, now) => {
      sqs ??= new SQSClient(options);
      cloudwatch ??= new CloudWatchClient(options);
      return sqsQueueDepth(sqs, cloudwatch, queueUrl, now);
    },
  };
}

/** Everything outside the process the operator commands touch; tests replace any of it. */
export interface CliDeps {
  readonly stdin: SecretInputStream;
  readonly fetch: typeof fetch;
  readonly now: () => Date;
  readonly aws: (region: string | undefined) => AwsAccess;
  readonly openBrowser: (url: string) => Promise<void> | void;
}

/** The real world, with `overrides` replacing parts of it. */
export function cliDeps(overrides: Partial<CliDeps> = {}): CliDeps {
  return {
    stdin: process.stdin,
    fetch: (input, init) => fetch(input, init),
    now: () => new Date(),
    aws: awsAccess,
    openBrowser: openInBrowser,
    ...overrides,
  };
}
