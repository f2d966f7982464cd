import { join, resolve } from 'node:path';
import { localQueueReport } from '../queues/local-queue-depth';
import type { QueueReport } from '../queues/queue-depth';
import { LocalRecentReports } from '../reports/local-recent-reports';
import type { RecentReports } from '../reports/recent-reports';
import { LocalFileTokenStore, localSecretPath } from '../secrets/local-file-store';
import type { TokenSecretStore } from '../secrets/token-secret-store';
import type { AwsAccess, CliDeps } from './cli-deps';
import { DEFAULT_STACK_NAME, type StackOutputs, stackOutput } from './stack-outputs';
import { UsageError } from './usage-error';

/** The local inbox's data directory unless told otherwise (git-ignored). */
export const DEFAULT_DATA_DIR = resolve(__dirname, '../../.local');

/** The flags every operator command shares to say where to look: the deployed stack, or local data. */
export const TARGET_OPTIONS = {
  stack: { type: 'string' },
  region: { type: 'string' },
  'secret-id': { type: 'string' },
  local: { type: 'boolean', default: false },
  'data-dir': { type: 'string' },
} as const;

/** Their help text. */
export const TARGET_USAGE = `Where to look (default: the deployed stack):
  --stack <name>      the deployed stack; its outputs name the secret, bucket and queues
                      (default: $CLEARFACTS_STACK, else ${DEFAULT_STACK_NAME})
  --region <region>   the stack's AWS region (default: your AWS configuration's)
  --secret-id <id>    the token secret's name or ARN, instead of the stack's output
  --local             the local inbox's data instead of AWS (--data-dir, else $LOCAL_DATA_DIR, else .local/)`;

/** Parsed values of the shared flags (and the status command's extra ones). */
export interface TargetValues {
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
    if (values.local === true && (values.stack ?? values['secret-id'] ?? values.bucket) !== undefined) {
      throw new UsageError('--local reads local data: leave out --stack, --secret-id and --bucket');
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
    const deadLetterUrl = this.values['dlq-url'] ?? (await this.output('deadLetterQueue', '--dlq-url <url>'));
    const [queue, deadLetterQueue] = await Promise.all([
      this.aws().queueDepth(queueUrl, now),
      this.aws().queueDepth(deadLetterUrl, now),
    ]);
    return { queue, deadLetterQueue };
  }

  private aws(): AwsAccess {
    this.awsAccess ??= this.deps.aws(this.values.region);
    return this.awsAccess;
  }

  private async output(resource: Parameters<typeof stackOutput>[1], flag: string): Promise<string> {
    const stack = this.values.stack ?? (this.env.CLEARFACTS_STACK || DEFAULT_STACK_NAME);
    this.outputs ??= this.aws().stackOutputs(stack);
    return stackOutput(await this.outputs, resource, stack, flag);
  }
}
