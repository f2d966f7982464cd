import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ConfigError } from '../shared/errors';
import { UsageError } from './usage-error';

/** The stack `cdk deploy` creates (infra/app.ts), used when neither `--stack` nor `$CLEARFACTS_STACK` names one. */
export const DEFAULT_STACK_NAME = 'ClearfactsMailIngest';

/** What the CLI looks up among the stack's outputs. */
export type StackResource = 'secret' | 'bucket' | 'queue' | 'deadLetterQueue';

/** The stack's outputs, key → value. */
export type StackOutputs = Readonly<Record<string, string>>;

/**
 * How each resource's output is recognised: by its key, loosely, because CDK appends a hash to
 * outputs declared inside constructs (`IngestQueueUrl1A2B3C4D`). The dead-letter queue is tried first
 * so that it is never taken for the ingest queue.
 */
const OUTPUT_KEYS: Readonly<Record<StackResource, RegExp>> = {
  secret: /secret/i,
  bucket: /bucket/i,
  deadLetterQueue: /(dead.?letter|dlq)/i,
  queue: /queue/i,
};

/** Reads the deployed stack's outputs with the caller's AWS credentials. */
export async function readStackOutputs(
  client: CloudFormationClient,
  stackName: string,
): Promise<StackOutputs> {
  let outputs: { OutputKey?: string; OutputValue?: string }[];
  try {
    const result = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    outputs = result.Stacks?.[0]?.Outputs ?? [];
  } catch (error) {
    throw new ConfigError(`Cannot read the outputs of stack "${stackName}" (${(error as Error).message})`, {
      cause: error,
    });
  }
  return Object.fromEntries(
    outputs.flatMap((output) =>
      output.OutputKey !== undefined && output.OutputValue !== undefined
        ? [[output.OutputKey, output.OutputValue]]
        : [],
    ),
  );
}

/** The output naming `resource`, or a usage error saying which flag to pass instead. */
export function stackOutput(
  outputs: StackOutputs,
  resource: StackResource,
  stackName: string,
  flag: string,
): string {
  const keys = Object.keys(outputs).sort();
  const deadLetter = keys.filter((key) => OUTPUT_KEYS.deadLetterQueue.test(key));
  const candidates = keys.filter(
    (key) => OUTPUT_KEYS[resource].test(key) && (resource === 'deadLetterQueue' || !deadLetter.includes(key)),
  );
  const value = candidates.length > 0 ? outputs[candidates[0] as string] : undefined;
  if (value === undefined) {
    throw new UsageError(
      `Stack "${stackName}" has no output for the ${describe(resource)} (outputs: ${keys.join(', ') || 'none'}): pass ${flag}`,
    );
  }
  return value;
}

/** A CloudFormation client for the region (or the profile's default). */
export function cloudFormationClient(region: string | undefined): CloudFormationClient {
  return new CloudFormationClient(region === undefined ? {} : { region });
}

function describe(resource: StackResource): string {
  return {
    secret: 'token secret',
    bucket: 'mail bucket',
    queue: 'ingest queue',
    deadLetterQueue: 'dead-letter queue',
  }[resource];
}
