import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ConfigError } from '../shared/errors';
import { STACK_OUTPUT, type StackOutputName } from '../shared/stack-contract';
import { UsageError } from './usage-error';

/** The stack's outputs, key → value. */
export type StackOutputs = Readonly<Record<string, string>>;

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

/** The output the stack declares under `STACK_OUTPUT[name]`, if this deployment has it. */
export function optionalStackOutput(outputs: StackOutputs, name: StackOutputName): string | undefined {
  return outputs[STACK_OUTPUT[name]];
}

/** The output the stack declares under `STACK_OUTPUT[name]`, or a usage error saying which flag to pass instead. */
export function stackOutput(
  outputs: StackOutputs,
  name: StackOutputName,
  stackName: string,
  flag: string,
): string {
  const value = optionalStackOutput(outputs, name);
  if (value === undefined) {
    const keys = Object.keys(outputs).sort();
    throw new UsageError(
      `Stack "${stackName}" has no output ${STACK_OUTPUT[name]} (outputs: ${keys.join(', ') || 'none'}): ` +
        `deploy this version of the stack, or pass ${flag}`,
    );
  }
  return value;
}

/** A CloudFormation client for the region (or the profile's default). */
export function cloudFormationClient(region: string | undefined): CloudFormationClient {
  return new CloudFormationClient(region === undefined ? {} : { region });
}
