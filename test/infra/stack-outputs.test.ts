import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { stackResources } from '../../functions/cli/replay-aws';
import { stackOutput } from '../../functions/cli/stack-outputs';
import { readEnvironment } from '../../functions/ingest/environment';
import { STACK_OUTPUT, type StackOutputName } from '../../functions/shared/stack-contract';
import { logicalIdOf, type SynthesizedStack, synthStack } from './synth-stack';

/** What CloudFormation would put in place of a `Ref`: a queue's URL, else a physical name. */
function deployedValue(template: Template, value: unknown): unknown {
  if (typeof value === 'string') return value;
  const ref = (value as { Ref?: string }).Ref;
  if (ref === undefined) return value;
  const type = (template.toJSON() as { Resources: Record<string, { Type: string }> }).Resources[ref]?.Type;
  return type === 'AWS::SQS::Queue'
    ? `https://sqs.eu-west-1.amazonaws.com/111122223333/${ref}`
    : `TestStack-${ref}`;
}

describe('the stack contract (functions/shared/stack-contract.ts)', () => {
  let synthesized: SynthesizedStack;
  let template: Template;
  let keys: Record<string, string>;
  beforeAll(() => {
    synthesized = synthStack();
    template = synthesized.template;
    keys = Object.fromEntries(Object.keys(template.findOutputs('*')).map((key) => [key, key]));
  });

  it.each<[StackOutputName, string]>([
    ['secret', 'ClearfactsSecretName'],
    ['bucket', 'MailBucketName'],
    ['queue', 'QueueUrl'],
    ['deadLetterQueue', 'DeadLetterQueueUrl'],
    ['ledgerTable', 'LedgerTableName'],
    ['renderFunction', 'RenderFunctionName'],
    ['replyFrom', 'ReplyFromAddress'],
    ['replyConfigurationSet', 'ReplyConfigurationSetName'],
  ])('lets the CLI find the %s as %s', (name, key) => {
    expect(stackOutput(keys, name, 'TestStack', '--flag')).toBe(key);
  });

  it('declares every output under the key the contract names, unhashed', () => {
    const declared = Object.keys(keys).filter((key) => !/^(MxRecord|DkimRecord|Domain)/.test(key));
    expect(declared.sort()).toEqual(Object.values(STACK_OUTPUT).sort());
  });

  it('gives the CLI what it expects in each: names and queue URLs', () => {
    const { stack } = synthesized;
    template.hasOutput(STACK_OUTPUT.secret, { Value: 'TestStack/clearfacts-token' });
    template.hasOutput(STACK_OUTPUT.bucket, { Value: { Ref: logicalIdOf(stack.mail.bucket) } });
    template.hasOutput(STACK_OUTPUT.queue, { Value: { Ref: logicalIdOf(stack.notifications.queue) } });
    template.hasOutput(STACK_OUTPUT.deadLetterQueue, {
      Value: { Ref: logicalIdOf(stack.notifications.deadLetterQueue) },
    });
    template.hasOutput(STACK_OUTPUT.ledgerTable, { Value: { Ref: logicalIdOf(stack.ledger.table) } });
    template.hasOutput(STACK_OUTPUT.renderFunction, {
      Value: { Ref: logicalIdOf(stack.bodyRenderer.function) },
    });
    template.hasOutput(STACK_OUTPUT.replyFrom, { Value: 'noreply@invoices.example.com' });
    template.hasOutput(STACK_OUTPUT.replyConfigurationSet, {
      Value: { Ref: logicalIdOf(stack.ingest.function.node.scope?.node.findChild('Replies') as IConstruct) },
    });
    template.hasOutput(STACK_OUTPUT.reportsPrefix, { Value: 'reports/' });
  });

  it('lets replay and release find the same resources the function is given', () => {
    const outputs = Object.fromEntries(
      Object.entries(template.findOutputs('*')).map(([key, output]) => [
        key,
        String(deployedValue(template, (output as { Value: unknown }).Value)),
      ]),
    );
    const { stack } = synthesized;
    expect(stackResources(outputs, 'TestStack')).toEqual({
      bucket: `TestStack-${logicalIdOf(stack.mail.bucket)}`,
      secretId: 'TestStack/clearfacts-token',
      ledgerTable: `TestStack-${logicalIdOf(stack.ledger.table)}`,
      reportsPrefix: 'reports/',
      renderFunctionName: `TestStack-${logicalIdOf(stack.bodyRenderer.function)}`,
      replyFrom: 'noreply@invoices.example.com',
      // The same set the function sends through (its environment, below): release honours the suppression list too.
      replyConfigurationSet: `TestStack-${logicalIdOf(stack.ingest.function.node.scope?.node.findChild('Replies') as IConstruct)}`,
    });
  });

  it("reads the synthesized function's environment with readEnvironment()", () => {
    const { stack } = synthesized;
    const functionProperties = template.toJSON().Resources[logicalIdOf(stack.ingest.function)].Properties as {
      Environment: { Variables: Record<string, unknown> };
    };
    const env = Object.fromEntries(
      Object.entries(functionProperties.Environment.Variables).map(([name, value]) => [
        name,
        String(deployedValue(template, value)),
      ]),
    );

    expect(readEnvironment({ ...env, LAMBDA_TASK_ROOT: '/var/task' })).toEqual({
      secretId: `TestStack-${logicalIdOf(stack.secret.secret)}`,
      configFile: '/var/task/ingest-config.json',
      ledgerTable: `TestStack-${logicalIdOf(stack.ledger.table)}`,
      queueUrl: `https://sqs.eu-west-1.amazonaws.com/111122223333/${logicalIdOf(stack.notifications.queue)}`,
      reportsPrefix: 'reports/',
      secretCacheMs: 300_000,
      renderFunctionName: `TestStack-${logicalIdOf(stack.bodyRenderer.function)}`,
      replyFrom: 'noreply@invoices.example.com',
      replyConfigurationSet: `TestStack-${logicalIdOf(stack.ingest.function.node.scope?.node.findChild('Replies') as IConstruct)}`,
    });
  });
});
