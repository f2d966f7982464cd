import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { describeError, StorageError } from '../shared/errors';
import type { EventLog } from '../shared/event-log';
import type { QueueRecord, RecordResult } from './process-batch';
import { retryDelayFor } from './retry-schedule';

/** Brings a queue record back after a delay, instead of the function sleeping. */
export interface RetryScheduler {
  retryLater(record: QueueRecord, delaySeconds: number): Promise<void>;
}

/**
 * SQS: sets the record's visibility timeout through its receipt handle. The handler must also
 * report the record as a batch item failure, or Lambda deletes it.
 */
export class SqsRetryScheduler implements RetryScheduler {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async retryLater(record: QueueRecord, delaySeconds: number): Promise<void> {
    if (record.receiptHandle === undefined) {
      throw new StorageError(`Queue message ${record.messageId} has no receipt handle to delay it with`);
    }
    try {
      await this.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: this.queueUrl,
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: delaySeconds,
        }),
      );
    } catch (error) {
      throw new StorageError(
        `Cannot delay queue message ${record.messageId} by ${delaySeconds} s`,
        'retryable',
        {
          cause: error,
        },
      );
    }
  }
}

/**
 * Schedules every record that asked for a retry. A failure to delay is logged, not thrown: the
 * record is still reported as failed and comes back after the queue's own visibility timeout.
 */
export async function scheduleRetries(
  records: readonly QueueRecord[],
  results: readonly RecordResult[],
  scheduler: RetryScheduler,
  log: EventLog,
): Promise<void> {
  await Promise.all(
    results.map(async (result) => {
      if (result.status !== 'retry') return;
      const record = records.find((candidate) => candidate.messageId === result.recordId);
      if (record === undefined) return;
      const delaySeconds = retryDelayFor(result, record.receiveCount);
      try {
        await scheduler.retryLater(record, delaySeconds);
        log.info('retry scheduled', {
          recordId: record.messageId,
          receiveCount: record.receiveCount,
          delaySeconds,
        });
      } catch (error) {
        log.warn('retry not delayed', { recordId: record.messageId, error: describeError(error) });
      }
    }),
  );
}
