import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { TokenRefresher } from '../clearfacts/oidc/token-refresher';
import type { Config } from '../config/config-schema';
import { type AwsResourceNames, awsAdapters } from '../ingest/aws-adapters';
import { buildBatchDeps } from '../ingest/build-batch-deps';
import { DEFAULT_REPORTS_PREFIX } from '../reports/s3-report-store';
import { SecretsManagerTokenStore } from '../secrets/secrets-manager-store';
import type { TokenSecretStore } from '../secrets/token-secret-store';
import { SecretError } from '../shared/errors';
import { type ReplayTarget, stderrLog } from './replay-target';
import {
  cloudFormationClient,
  optionalStackOutput,
  readStackOutputs,
  type StackOutputs,
  stackOutput,
} from './stack-outputs';

/** The deployed resources a replay uses, named by the stack's outputs. */
export interface StackResources extends AwsResourceNames {
  readonly bucket: string;
  readonly secretId: string;
}

/** The bucket, secret, ledger, render function, reply address and configuration set among the stack's outputs (stack-contract.ts). */
export function stackResources(outputs: StackOutputs, stackName: string): StackResources {
  const renderFunctionName = optionalStackOutput(outputs, 'renderFunction');
  const replyFrom = optionalStackOutput(outputs, 'replyFrom');
  const replyConfigurationSet = optionalStackOutput(outputs, 'replyConfigurationSet');
  return {
    bucket: stackOutput(outputs, 'bucket', stackName, '--stack'),
    secretId: stackOutput(outputs, 'secret', stackName, '--stack'),
    ledgerTable: stackOutput(outputs, 'ledgerTable', stackName, '--stack'),
    reportsPrefix: optionalStackOutput(outputs, 'reportsPrefix') ?? DEFAULT_REPORTS_PREFIX,
    ...(renderFunctionName === undefined ? {} : { renderFunctionName }),
    ...(replyFrom === undefined ? {} : { replyFrom }),
    ...(replyConfigurationSet === undefined ? {} : { replyConfigurationSet }),
  };
}

/**
 * Replays against the deployed stack with the admin's own AWS credentials, through the same
 * adapters as the function: the render function renders bodies, SES answers senders.
 */
export async function openAwsTarget(options: {
  readonly config: Config;
  readonly stackName: string;
  readonly region?: string;
  readonly env: NodeJS.ProcessEnv;
}): Promise<ReplayTarget> {
  const cloudFormation = cloudFormationClient(options.region);
  const secrets = new SecretsManagerClient(options.region === undefined ? {} : { region: options.region });
  const closers: (() => void)[] = [() => cloudFormation.destroy(), () => secrets.destroy()];
  const close = async (): Promise<void> => {
    for (const closer of closers.splice(0)) closer();
  };
  try {
    const resources = stackResources(
      await readStackOutputs(cloudFormation, options.stackName),
      options.stackName,
    );
    // The same refresher as the function: OIDC credentials are refreshed and written back safely.
    const store = new SecretsManagerTokenStore(secrets, resources.secretId);
    const tokens = new TokenRefresher({ store });
    const token = await readToken(store, tokens, resources.secretId);
    const storage = awsAdapters(resources, options.region);
    closers.push(() => storage.destroy());
    const apiUrl = options.env.CLEARFACTS_API_URL;
    return {
      deps: buildBatchDeps({
        ...storage,
        config: options.config,
        log: stderrLog(),
        clearfacts: { ...(apiUrl === undefined ? {} : { apiUrl }), token: () => token },
      }),
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
