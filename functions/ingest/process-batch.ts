import type { FeedbackDeps } from '../feedback/feedback-deps';
import { withReply } from '../feedback/reply-to-sender';
import type { MessageReport } from '../reports/message-report';
import type { ReportStore } from '../reports/report-store';
import { describeError, type ErrorKind, errorKindOf } from '../shared/errors';
import type { MessageStore } from '../storage/message-store';
import { incomingFromNotification } from './incoming-message';
import { type ProcessingDeps, processMessage } from './process-message';
import { parseNotificationBody } from './ses-notification';

/** One queue message, as SQS hands it over (shaped so the local queue can produce it too). */
export interface QueueRecord {
  readonly messageId: string;
  readonly body: string;
  /** SQS's ApproximateReceiveCount: 1 on the first delivery. */
  readonly receiveCount: number;
  /** SQS's handle for this receipt, to delay the record's next delivery (absent on the local queue). */
  readonly receiptHandle?: string;
}

/** What the batch did with one record. */
export type RecordResult =
  | {
      readonly recordId: string;
      readonly status: 'done';
      readonly report: MessageReport;
      readonly reportLocation: string;
    }
  | {
      readonly recordId: string;
      readonly status: 'retry';
      readonly report?: MessageReport;
      readonly error?: string;
      /** How the failure without a report was classified (a permanent one is not worth waiting for). */
      readonly errorKind?: ErrorKind;
    }
  | { readonly recordId: string; readonly status: 'ignored'; readonly reason: string };

/** Everything a batch needs besides the records. */
export interface BatchDeps extends ProcessingDeps {
  readonly messages: MessageStore;
  readonly reports: ReportStore;
  /** Replies to senders (functions/feedback/); absent: nobody is answered. */
  readonly feedback?: FeedbackDeps;
}

/**
 * Processes queue records one after the other (the queue's concurrency, not the batch,
 * is what spreads load), so one bad message never affects the others.
 */
export async function processBatch(
  records: readonly QueueRecord[],
  deps: BatchDeps,
): Promise<RecordResult[]> {
  const results: RecordResult[] = [];
  for (const record of records) {
    results.push(await processRecord(record, deps));
  }
  return results;
}

/** Processes one queue record; returns `retry` for anything that must come back later. */
export async function processRecord(record: QueueRecord, deps: BatchDeps): Promise<RecordResult> {
  const recordId = record.messageId;
  try {
    const parsed = parseNotificationBody(record.body);
    if (parsed.kind === 'ignored') {
      deps.log.info('notification ignored', { recordId, reason: parsed.reason });
      return { recordId, status: 'ignored', reason: parsed.reason };
    }
    const { notification } = parsed;
    const message = incomingFromNotification(notification, deps.messages, record.receiveCount);
    // The sender hears back once the outcome is final; a failed reply never fails the message.
    const report = await withReply(message, await processMessage(message, deps), deps);
    const reportLocation = await deps.reports.saveReport(report, notification.receipt.action.bucketName);
    if (report.outcome === 'retrying') return { recordId, status: 'retry', report };
    return { recordId, status: 'done', report, reportLocation };
  } catch (error) {
    // Unparseable notifications are retried too, so they end in the DLQ instead of vanishing.
    const errorKind = errorKindOf(error);
    deps.log[errorKind === 'retryable' ? 'warn' : 'error']('record failed', {
      recordId,
      errorKind,
      error: describeError(error),
    });
    return { recordId, status: 'retry', error: describeError(error), errorKind };
  }
}
