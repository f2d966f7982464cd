import type { QueueRecord } from '../ingest/process-batch';
import { retryDelayFor } from '../ingest/retry-schedule';
import type { FailedResult } from './local-queue';

/**
 * The local queue runs the Lambda's retry schedule sixty times faster: a minute there is a
 * second here, so a retry is seen in a try-out and a day-long outage takes minutes to dead-letter.
 */
export const LOCAL_TIME_SCALE = 1 / 60;

/** The delay the function would ask SQS for, scaled to local time (ms). */
export function localRetryDelayMs(record: QueueRecord, result: FailedResult | undefined): number {
  const failed: FailedResult = result ?? { recordId: record.messageId, status: 'retry' };
  return Math.round(retryDelayFor(failed, record.receiveCount) * 1000 * LOCAL_TIME_SCALE);
}
