import type { Template } from 'aws-cdk-lib/assertions';
import { type StackResource, stackOutput } from '../../functions/cli/stack-outputs';
import { logicalIdOf, type SynthesizedStack, synthStack } from './synth-stack';

describe('the stack outputs the operator CLI reads', () => {
  let synthesized: SynthesizedStack;
  let template: Template;
  let keys: Record<string, string>;
  beforeAll(() => {
    synthesized = synthStack();
    template = synthesized.template;
    keys = Object.fromEntries(Object.keys(template.findOutputs('*')).map((key) => [key, key]));
  });

  it.each<[StackResource, string]>([
    ['secret', 'ClearfactsSecretName'],
    ['bucket', 'MailBucketName'],
    ['queue', 'QueueUrl'],
    ['deadLetterQueue', 'DeadLetterQueueUrl'],
  ])('lets the CLI find the %s as %s', (resource, key) => {
    expect(stackOutput(keys, resource, 'TestStack', '--flag')).toBe(key);
  });

  it('gives the CLI what it expects in each: names and queue URLs', () => {
    const { stack } = synthesized;
    template.hasOutput('ClearfactsSecretName', { Value: 'TestStack/clearfacts-token' });
    template.hasOutput('MailBucketName', { Value: { Ref: logicalIdOf(stack.mail.bucket) } });
    template.hasOutput('QueueUrl', { Value: { Ref: logicalIdOf(stack.notifications.queue) } });
    template.hasOutput('DeadLetterQueueUrl', {
      Value: { Ref: logicalIdOf(stack.notifications.deadLetterQueue) },
    });
    template.hasOutput('LedgerTableName', { Value: { Ref: logicalIdOf(stack.ledger.table) } });
  });

  it('names the ledger in exactly one output, as the replay command looks for it', () => {
    expect(Object.keys(keys).filter((key) => /ledger/i.test(key))).toEqual(['LedgerTableName']);
  });
});
