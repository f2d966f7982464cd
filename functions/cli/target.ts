import { join, resolve } from 'node:path';
import { DEFAULT_DATA_DIR } from '../local/local-settings';
import { localQueueReport } from '../queues/local-queue-depth';
import type { QueueReport } from '../queues/queue-depth';
import { LocalRecentReports } from '../reports/local-recent-reports';
import type { RecentReports } from '../reports/recent-reports';
import { LocalFileTokenStore, localSecretPath } from '../secrets/local-file-store';
import type { TokenSecretStore } from '../secrets/token-secret-store';
import { DEFAULT_STACK_NAME, type StackOutputName } from '../shared/stack-contract';
import { resolveStackName } from '../shared/stack-name';
import type { AwsAccess, CliDeps } from './cli-deps';
import { type StackOutputs, stackOutput } from './stack-outputs';
import { UsageError } from './usage-error';

/** The flags every operator command (status, doctor, token, quarantine, replay, release) names a deployed stack with. */
export const STACK_OPTIONS = {
  stage: { type: 'string' },
  stack: { type: 'string' },
  region: { type: 'string' },
} as const;

/** The local inbox's data instead of the deployed stack. */
export const LOCAL_OPTIONS = {
  local: { type: 'boolean', default: false },
  'data-dir': { type: 'string' },
} as const;

/** The flags every operator command shares to say where to look: the deployed stack, or local data. */
export const TARGET_OPTIONS = {
  ...STACK_OPTIONS,
  'secret-id': { type: 'string' },
  ...LOCAL_OPTIONS,
} as const;

/** The help text of the stack flags. */
export const STACK_USAGE = `  --stage <name>      the deployed stack ${DEFAULT_STACK_NAME}-<name> (cdk deploy -c stage=<name>)
  --stack <name>      the deployed stack's exact name; its outputs name the secret, bucket and queues
                      (default: $CLEARFACTS_STACK, else ${DEFAULT_STACK_NAME})
  --region <region>   the stack's AWS region (default: your AWS configuration's)`;

/** The help text of the shared flags. */
export const TARGET_USAGE = `Where to look (default: the deployed stack):
${STACK_USAGE}
  --secret-id <id>    the token secret's name or ARN, instead of the stack's output
  --local             the local inbox's data instead of AWS (--data-dir, else $LOCAL_DATA_DIR, else .local/)`;

/** Parsed values of the shared flags (and the status command's extra ones). */
export interface TargetValues {
  readonly stage?: string;
  readonly stack?: string;
  readonly region?: string;
  readonly 'secret-id'?: string;
  readonly local?: boolean;
  readonly 'data-dir'?: string;
  readonly bucket?: string;
  readonly 'queue-url'?: string;
  readonly 'dlq-url'?: string;
}

/** Where the secret, reports and queues are: the deployed stack (by outputs or explicit flags) or `.local/`. */
export class Target {
  private outputs: Promise<StackOutputs> | undefined;
  private awsAccess: AwsAccess | undefined;

  constructor(
    private readonly values: TargetValues,
    private readonly env: NodeJS.ProcessEnv,
    private readonly deps: CliDeps,
  ) {
    const awsOnly = values.stage ?? values.stack ?? values.region ?? values['secret-id'] ?? values.bucket;
    if (values.local === true && awsOnly !== undefined) {
      throw new UsageError(
        '--local reads local data: leave out --stage, --stack, --region, --secret-id and --bucket',
      );
    }
  }

  /** Whether this is the local inbox's data. */
  get isLocal(): boolean {
    return this.values.local === true;
  }

  /** The local data directory. */
  get dataDir(): string {
    return resolve(this.values['data-dir'] ?? this.env.LOCAL_DATA_DIR ?? DEFAULT_DATA_DIR);
  }

  /** The token secret. */
  async secretStore(): Promise<TokenSecretStore> {
    if (this.isLocal) return new LocalFileTokenStore(localSecretPath(this.dataDir));
    const secretId = this.values['secret-id'] ?? (await this.output('secret', '--secret-id <name or ARN>'));
    return this.aws().secretStore(secretId);
  }

  /** Where the message reports are. */
  async recentReports(): Promise<RecentReports> {
    if (this.isLocal) return new LocalRecentReports(join(this.dataDir, 's3'));
    const bucket = this.values.bucket ?? (await this.output('bucket', '--bucket <name>'));
    return this.aws().recentReports(bucket);
  }

  /** The ingest queue and its dead-letter queue. */
  async queues(now: Date): Promise<QueueReport> {
    if (this.isLocal) return localQueueReport(this.dataDir, now);
    const queueUrl = this.values['queue-url'] ?? (await this.output('queue', '--queue-url <url>'));
    const deadLetterUrl = await this.deadLetterQueueUrl();
    const [queue, deadLetterQueue] = await Promise.all([
      this.aws().queueDepth(queueUrl, now),
      this.aws().queueDepth(deadLetterUrl, now),
    ]);
    return { queue, deadLetterQueue };
  }

  /** The dead-letter queue's URL (`--dlq-url`, else the stack's output). */
  async deadLetterQueueUrl(): Promise<string> {
    return this.values['dlq-url'] ?? (await this.output('deadLetterQueue', '--dlq-url <url>'));
  }

  private aws(): AwsAccess {
    this.awsAccess ??= this.deps.aws(this.values.region);
    return this.awsAccess;
  }

  private async output(resource: StackOutputName, flag: string): Promise<string> {
    const stack = resolveStackName(this.values, this.env);
    this.outputs ??= this.aws().stackOutputs(stack);
    return stackOutput(await this.outputs, resource, stack, flag);
  }
}
