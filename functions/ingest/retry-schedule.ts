import type { MessageReport } from '../reports/message-report';
import type { RecordResult } from './process-batch';

/** The first retry waits a minute: long enough for a blip on Clearfacts' side to pass. */
export const FIRST_RETRY_DELAY_SECONDS = 60;

/**
 * SQS refuses a visibility timeout that ends more than 12 hours after the message was received;
 * the function may already have run for up to 15 minutes when it asks, so it asks for 11 h 45 min.
 */
export const MAX_RETRY_DELAY_SECONDS = 12 * 3600 - 15 * 60;

/**
 * The queue's redrive policy: after this many receives a message goes to the DLQ. With delays of
 * 1, 2, 4 … 512 minutes and then 11 h 45 min, the 12th receive comes about 28.8 hours after the
 * first: a whole day of outage is ridden out. The stack's queue must use this value.
 */
export const MAX_RECEIVE_COUNT = 12;

/**
 * A notification the function cannot read will not improve by waiting: it comes back after ten
 * seconds each time, so it reaches the DLQ in about two minutes instead of a day.
 */
export const PERMANENT_FAILURE_DELAY_SECONDS = 10;

/** The delay after the `receiveCount`-th receive failed: doubling from a minute, capped. */
export function retryDelaySeconds(receiveCount: number, retryAfterMs = 0): number {
  const growing = FIRST_RETRY_DELAY_SECONDS * 2 ** Math.max(0, receiveCount - 1);
  return Math.min(MAX_RETRY_DELAY_SECONDS, Math.max(growing, Math.ceil(retryAfterMs / 1000)));
}

/** When a record that asked for a retry should come back. */
export function retryDelayFor(result: RecordResult & { status: 'retry' }, receiveCount: number): number {
  if (result.report === undefined && result.errorKind === 'permanent') return PERMANENT_FAILURE_DELAY_SECONDS;
  return retryDelaySeconds(receiveCount, longestRetryAfterMs(result.report));
}

/** The longest Retry-After Clearfacts sent for any upload that failed in this attempt. */
function longestRetryAfterMs(report: MessageReport | undefined): number {
  const asked = (report?.deliveries ?? [])
    .flatMap((delivery) => delivery.uploads)
    .map((upload) => (upload.status === 'failed' ? (upload.retryAfterMs ?? 0) : 0));
  return Math.max(0, ...asked);
}
