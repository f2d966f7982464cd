import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { SqsRetryScheduler, scheduleRetries } from '../../functions/ingest/retry-scheduler';
import type { EventLog } from '../../functions/shared/event-log';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/ingest';
const sqs = mockClient(SQSClient);

afterEach(() => sqs.reset());

function recordingLog(): EventLog & { lines: string[] } {
  const lines: string[] = [];
  const add = (message: string) => {
    lines.push(message);
  };
  return { lines, info: add, warn: add, error: add };
}

describe('retries through SQS', () => {
  const records = [
    { messageId: 'r1', body: '{}', receiveCount: 3, receiptHandle: 'handle-r1' },
    { messageId: 'r2', body: '{}', receiveCount: 1, receiptHandle: 'handle-r2' },
  ];

  it('delays each record that asked for a retry through its own receipt handle', async () => {
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    const scheduler = new SqsRetryScheduler(new SQSClient({ region: 'eu-west-1' }), QUEUE_URL);

    await scheduleRetries(
      records,
      [
        { recordId: 'r1', status: 'retry', errorKind: 'retryable' },
        { recordId: 'r2', status: 'ignored', reason: 'setup notification' },
      ],
      scheduler,
      recordingLog(),
    );

    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: QUEUE_URL, ReceiptHandle: 'handle-r1', VisibilityTimeout: 240 },
    ]);
  });

  it('logs a refused delay instead of failing: the record still comes back after the visibility timeout', async () => {
    sqs.on(ChangeMessageVisibilityCommand).rejects(new Error('ReceiptHandleIsInvalid'));
    const log = recordingLog();

    await scheduleRetries(
      records,
      [{ recordId: 'r2', status: 'retry' }],
      new SqsRetryScheduler(new SQSClient({ region: 'eu-west-1' }), QUEUE_URL),
      log,
    );

    expect(log.lines).toEqual(['retry not delayed']);
  });
});
