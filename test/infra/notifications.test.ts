import { Match, type Template } from 'aws-cdk-lib/assertions';
import { MAX_RECEIVE_COUNT, retryDelaySeconds } from '../../functions/ingest/retry-schedule';
import { INGEST_TIMEOUT } from '../../infra/constructs/ingest-function';
import { logicalIdOf, type SynthesizedStack, synthStack } from './synth-stack';

const ONE_DAY_SECONDS = 24 * 60 * 60;

describe('the notification topic and work queue', () => {
  let synthesized: SynthesizedStack;
  let template: Template;
  let queue: Record<string, unknown>;
  let deadLetterQueue: Record<string, unknown>;
  beforeAll(() => {
    synthesized = synthStack();
    template = synthesized.template;
    const resources = template.toJSON().Resources;
    queue = resources[logicalIdOf(synthesized.stack.notifications.queue)].Properties;
    deadLetterQueue = resources[logicalIdOf(synthesized.stack.notifications.deadLetterQueue)].Properties;
  });

  it('encrypts the topic with the customer managed key SES may use', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [logicalIdOf(synthesized.stack.notifications.key), 'Arn'] },
    });
  });

  it('subscribes the queue with raw message delivery off (the body is the SNS envelope)', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      TopicArn: { Ref: logicalIdOf(synthesized.stack.notifications.topic) },
      Endpoint: { 'Fn::GetAtt': [logicalIdOf(synthesized.stack.notifications.queue), 'Arn'] },
      RawMessageDelivery: false,
    });
  });

  it('lets only the topic send to the queue', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalIdOf(synthesized.stack.notifications.queue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'sqs:SendMessage',
            Principal: { Service: 'sns.amazonaws.com' },
            Condition: {
              ArnEquals: { 'aws:SourceArn': { Ref: logicalIdOf(synthesized.stack.notifications.topic) } },
            },
          }),
        ]),
      },
    });
  });

  it('encrypts both queues with SSE-SQS, which SNS can deliver to', () => {
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(deadLetterQueue.SqsManagedSseEnabled).toBe(true);
    expect(queue.KmsMasterKeyId).toBeUndefined();
  });

  it('keeps work for 14 days in the queue and in the DLQ', () => {
    expect(queue.MessageRetentionPeriod).toBe(14 * ONE_DAY_SECONDS);
    expect(deadLetterQueue.MessageRetentionPeriod).toBe(14 * ONE_DAY_SECONDS);
  });

  it('sets the visibility timeout to at least six times the function timeout', () => {
    const functionTimeout = template.toJSON().Resources[logicalIdOf(synthesized.stack.ingest.function)]
      .Properties.Timeout as number;
    expect(functionTimeout).toBe(INGEST_TIMEOUT.toSeconds());
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * functionTimeout);
  });

  it('redrives to the DLQ only once the retry schedule has outlasted a day-long Clearfacts outage', () => {
    const redrive = queue.RedrivePolicy as { deadLetterTargetArn: unknown; maxReceiveCount: number };
    expect(redrive.deadLetterTargetArn).toEqual({
      'Fn::GetAtt': [logicalIdOf(synthesized.stack.notifications.deadLetterQueue), 'Arn'],
    });
    // The redrive policy and the function's retry schedule agree on the budget...
    expect(redrive.maxReceiveCount).toBe(MAX_RECEIVE_COUNT);
    // ...and the delays the function asks for between those receives add up to more than a day.
    let waited = 0;
    for (let receive = 1; receive < redrive.maxReceiveCount; receive++) waited += retryDelaySeconds(receive);
    expect(waited).toBeGreaterThan(ONE_DAY_SECONDS);
    // Each of those delays fits in SQS's 12 hours, and the whole budget well inside the retention.
    expect(retryDelaySeconds(redrive.maxReceiveCount)).toBeLessThanOrEqual(12 * 3600);
    expect(waited).toBeLessThan(queue.MessageRetentionPeriod as number);
  });

  it('refuses requests without TLS on the topic and both queues', () => {
    const tlsOnly = Match.objectLike({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: logicalIdOf(synthesized.stack.notifications.topic) }],
      PolicyDocument: { Statement: Match.arrayWith([tlsOnly]) },
    });
    for (const target of [
      synthesized.stack.notifications.queue,
      synthesized.stack.notifications.deadLetterQueue,
    ]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalIdOf(target) }],
        PolicyDocument: { Statement: Match.arrayWith([tlsOnly]) },
      });
    }
  });
});
