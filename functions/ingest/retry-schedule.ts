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
 * The schedule's retry budget: with delays of 1, 2, 4 … 512 minutes and then 11 h 45 min, the
 * 12th receive comes about 28.8 hours after the first, so a whole day of outage is ridden out.
 * The queue's redrive policy should move the message to the DLQ after this many receives.
 */
export const MAX_RECEIVE_COUNT = 12;

/**
 * A message that will not improve by waiting comes back after ten seconds, so it reaches the DLQ
 * within minutes: a notification the function cannot read, and any message past the retry
 * budget (if the queue allows more receives than `MAX_RECEIVE_COUNT`, 12-hour waits would
 * otherwise run into SQS's 14-day retention, which deletes messages instead of dead-lettering them).
 */
export const DLQ_BOUND_DELAY_SECONDS = 10;

/** The delay after the `receiveCount`-th receive failed: doubling from a minute, capped. */
export function retryDelaySeconds(receiveCount: number, retryAfterMs = 0): number {
  const growing = FIRST_RETRY_DELAY_SECONDS * 2 ** Math.max(0, receiveCount - 1);
  return Math.min(MAX_RETRY_DELAY_SECONDS, Math.max(growing, Math.ceil(retryAfterMs / 1000)));
}

/** When a record that asked for a retry should come back. */
export function retryDelayFor(result: RecordResult & { status: 'retry' }, receiveCount: number): number {
  if (result.report === undefined && result.errorKind === 'permanent') return DLQ_BOUND_DELAY_SECONDS;
  if (receiveCount >= MAX_RECEIVE_COUNT) return DLQ_BOUND_DELAY_SECONDS;
  return retryDelaySeconds(receiveCount, longestRetryAfterMs(result.report));
}

/** The longest Retry-After Clearfacts sent for any upload that failed in this attempt. */
function longestRetryAfterMs(report: MessageReport | undefined): number {
  const asked = (report?.deliveries ?? [])
    .flatMap((delivery) => delivery.uploads)
    .map((upload) => (upload.status === 'failed' ? (upload.retryAfterMs ?? 0) : 0));
  return Math.max(0, ...asked);
}
