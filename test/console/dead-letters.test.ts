import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { localDeadLetters, sqsDeadLetters } from '../../functions/console/dead-letters';
import { writeDeadLetter } from '../../functions/local/queue-files';
import { sesNotification, snsEnvelope } from '../support/ses-events';

const body = (messageId: string): string =>
  snsEnvelope(
    sesNotification({ messageId, recipients: ['acme@invoices.example.com'], verdicts: { spam: 'FAIL' } }),
  );

describe('dead letters in the local inbox', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'dead-letters-'));
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('lists each with the message it carried, and removes one by its queue id', async () => {
    await writeDeadLetter(
      directory,
      { messageId: 'q-1', body: body('ses-1'), receiveCount: 12 },
      'StorageError: gone',
    );
    await writeDeadLetter(directory, { messageId: 'q-2', body: '{not json', receiveCount: 3 }, 'broken');
    const letters = localDeadLetters(directory);

    const listed = await letters.list();
    expect(listed).toHaveLength(2);
    expect(listed.find((letter) => letter.queueMessageId === 'q-1')).toMatchObject({
      messageId: 'ses-1',
      recipients: ['acme@invoices.example.com'],
      verdicts: expect.objectContaining({ spam: 'FAIL' }),
      receiveCount: 12,
      lastError: 'StorageError: gone',
    });
    expect(listed.find((letter) => letter.queueMessageId === 'q-2')).toMatchObject({
      lastError: 'broken',
      unreadable: expect.stringContaining('not JSON'),
    });

    expect(await letters.remove('../q-1')).toBe(false);
    expect(await letters.remove('q-1')).toBe(true);
    expect(await readdir(directory)).toEqual(['q-2.json']);
    expect(await letters.remove('q-1')).toBe(false);
  });

  it('finds none where the folder does not exist', async () => {
    await expect(localDeadLetters(join(directory, 'missing')).list()).resolves.toEqual([]);
  });
});

describe('dead letters in the stack’s dead-letter queue', () => {
  const sqs = mockClient(SQSClient);
  const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/dlq';
  beforeEach(() => sqs.reset());

  it('reads them without consuming them, and deletes a replayed one with its latest handle', async () => {
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({
        Messages: [
          {
            MessageId: 'q-1',
            ReceiptHandle: 'h-1',
            Body: body('ses-1'),
            Attributes: { SentTimestamp: '1764806400000', ApproximateReceiveCount: '13' },
          },
          {
            MessageId: 'q-2',
            ReceiptHandle: 'h-2',
            Body: body('ses-2'),
            Attributes: { SentTimestamp: '1764810000000' },
          },
        ],
      })
      .resolvesOnce({ Messages: [] });
    const letters = sqsDeadLetters(new SQSClient({ region: 'eu-west-1' }), QUEUE);

    const listed = await letters.list();
    expect(listed.map((letter) => letter.messageId)).toEqual(['ses-2', 'ses-1']);
    expect(listed[1]).toMatchObject({
      queueMessageId: 'q-1',
      receiveCount: 13,
      time: '2025-12-04T00:00:00.000Z',
    });
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(2);
    // Every message the listing hid is visible again at once.
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: QUEUE, ReceiptHandle: 'h-1', VisibilityTimeout: 0 },
      { QueueUrl: QUEUE, ReceiptHandle: 'h-2', VisibilityTimeout: 0 },
    ]);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);

    expect(await letters.remove('q-2')).toBe(true);
    expect(sqs.commandCalls(DeleteMessageCommand)[0]?.args[0].input).toEqual({
      QueueUrl: QUEUE,
      ReceiptHandle: 'h-2',
    });
    expect(await letters.remove('q-unknown')).toBe(false);
  });

  it('stops after a bounded number of receives, however full the queue is', async () => {
    let next = 0;
    sqs.on(ReceiveMessageCommand).callsFake(() => ({
      Messages: Array.from({ length: 10 }, () => {
        next += 1;
        return { MessageId: `q-${next}`, ReceiptHandle: `h-${next}`, Body: body(`ses-${next}`) };
      }),
    }));
    const listed = await sqsDeadLetters(new SQSClient({ region: 'eu-west-1' }), QUEUE).list();
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(10);
    expect(listed).toHaveLength(100);
  });
});
