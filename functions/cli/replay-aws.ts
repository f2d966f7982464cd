import { type CloudFormationClient, paginateListStackResources } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ClearfactsClient } from '../clearfacts/clearfacts-client';
import { TokenRefresher } from '../clearfacts/oidc/token-refresher';
import type { Config } from '../config/config-schema';
import { createDynamoDbLedger } from '../ledger/dynamodb-ledger';
import { DEFAULT_REPORTS_PREFIX, S3ReportStore } from '../reports/s3-report-store';
import { MailboxRouter } from '../routing/route-recipients';
import { SecretsManagerTokenStore } from '../secrets/secrets-manager-store';
import type { TokenSecretStore } from '../secrets/token-secret-store';
import { ConfigError, SecretError } from '../shared/errors';
import { S3MessageStore } from '../storage/s3-message-store';
import { type ReplayTarget, stderrLog } from './replay-target';
import { cloudFormationClient, DEFAULT_STACK_NAME, readStackOutputs, stackOutput } from './stack-outputs';

/**
 * The stack for `--stack`, else `--stage` (`ClearfactsMailIngest-<stage>`), else `$CLEARFACTS_STACK`
 * like the other operator commands, else the default one.
 */
export function stackNameFor(
  stack: string | undefined,
  stage: string | undefined,
  env: NodeJS.ProcessEnv = {},
): string {
  if (stack !== undefined) return stack;
  if (stage !== undefined) return `${DEFAULT_STACK_NAME}-${stage}`;
  return env.CLEARFACTS_STACK ?? DEFAULT_STACK_NAME;
}

/** The deployed resources a replay uses. */
export interface StackResources {
  readonly bucket: string;
  readonly ledgerTable: string;
  readonly secretId: string;
}

/**
 * Finds the bucket and the secret among the stack's outputs, and the ledger table among its
 * outputs or else its resources (the stack holds exactly one DynamoDB table).
 */
export async function findStackResources(
  cloudFormation: CloudFormationClient,
  stackName: string,
): Promise<StackResources> {
  const outputs = await readStackOutputs(cloudFormation, stackName);
  const bucket = stackOutput(outputs, 'bucket', stackName, '--stack');
  const secretId = stackOutput(outputs, 'secret', stackName, '--stack');
  const ledgerOutput = Object.entries(outputs).find(([key]) => /ledger/i.test(key))?.[1];
  const tables: string[] = [];
  if (ledgerOutput === undefined) {
    for await (const page of paginateListStackResources(
      { client: cloudFormation },
      { StackName: stackName },
    )) {
      for (const resource of page.StackResourceSummaries ?? []) {
        if (resource.ResourceType === 'AWS::DynamoDB::Table' && resource.PhysicalResourceId !== undefined) {
          tables.push(resource.PhysicalResourceId);
        }
      }
    }
  }
  const ledgerTable = ledgerOutput ?? (tables.length === 1 ? tables[0] : undefined);
  if (ledgerTable === undefined) {
    throw new ConfigError(`Stack "${stackName}" has ${tables.length} DynamoDB tables and no ledger output`);
  }
  return { bucket, ledgerTable, secretId };
}

/** Replays against the deployed stack with the admin's own AWS credentials. */
export async function openAwsTarget(options: {
  readonly config: Config;
  readonly stackName: string;
  readonly region?: string;
  readonly env: NodeJS.ProcessEnv;
}): Promise<ReplayTarget> {
  const clientConfig = options.region === undefined ? {} : { region: options.region };
  const cloudFormation = cloudFormationClient(options.region);
  const secrets = new SecretsManagerClient(clientConfig);
  const s3 = new S3Client(clientConfig);
  const dynamo = new DynamoDBClient(clientConfig);
  const close = async (): Promise<void> => {
    for (const client of [cloudFormation, secrets, s3, dynamo]) client.destroy();
  };
  try {
    const resources = await findStackResources(cloudFormation, options.stackName);
    // The same refresher as the function: OIDC credentials are refreshed and written back safely.
    const store = new SecretsManagerTokenStore(secrets, resources.secretId);
    const tokens = new TokenRefresher({ store });
    const token = await readToken(store, tokens, resources.secretId);
    return {
      deps: {
        router: new MailboxRouter(options.config),
        messages: new S3MessageStore(s3),
        reports: new S3ReportStore(s3, DEFAULT_REPORTS_PREFIX),
        ledger: createDynamoDbLedger(dynamo, resources.ledgerTable),
        log: stderrLog(),
        now: () => new Date(),
        uploader: new ClearfactsClient({
          apiUrl: options.env.CLEARFACTS_API_URL ?? options.config.clearfacts.apiUrl,
          token: () => token,
        }),
      },
      bucket: resources.bucket,
      rawMailPrefix: options.config.deployment.rawMailPrefix,
      description: `stack ${options.stackName} (bucket ${resources.bucket}, ledger ${resources.ledgerTable})`,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function readToken(store: TokenSecretStore, tokens: TokenRefresher, secretId: string): Promise<string> {
  try {
    return await tokens.bearerToken((await store.read()).value);
  } catch (error) {
    if (error instanceof SecretError) throw error;
    throw new SecretError(`Cannot read the Clearfacts secret ${secretId} with your AWS credentials`, {
      cause: error,
    });
  }
}
