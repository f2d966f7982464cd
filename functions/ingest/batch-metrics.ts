import { isBodyOrigin } from '../render/body-sources';
import type { MessageReport } from '../reports/message-report';
import { METRIC } from '../shared/metric-names';
import type { RecordResult } from './process-batch';

/** The counts a batch contributes to the dashboard and alarms. */
export function countBatchMetrics(results: readonly RecordResult[]): Record<string, number> {
  const counts: Record<string, number> = {
    [METRIC.messagesReceived]: 0,
    [METRIC.documentsUploaded]: 0,
    [METRIC.documentsSkipped]: 0,
    [METRIC.documentsAlreadyDelivered]: 0,
    [METRIC.documentsPossiblyRepeated]: 0,
    [METRIC.invoiceRepeats]: 0,
    [METRIC.documentsFailed]: 0,
    [METRIC.authFailures]: 0,
    [METRIC.messagesRetried]: 0,
    [METRIC.messagesQuarantined]: 0,
    [METRIC.messagesRejected]: 0,
    [METRIC.bodyRendersFailed]: 0,
  };
  const add = (name: string, value: number): void => {
    counts[name] = (counts[name] ?? 0) + value;
  };
  for (const result of results) {
    if (result.status === 'ignored') continue;
    add(METRIC.messagesReceived, 1);
    if (result.status === 'retry') add(METRIC.messagesRetried, 1);
    const report = result.report;
    if (report === undefined) continue;
    if (report.outcome === 'quarantined') add(METRIC.messagesQuarantined, 1);
    if (report.outcome === 'rejected') add(METRIC.messagesRejected, 1);
    if (bodyRenderFailed(report)) add(METRIC.bodyRendersFailed, 1);
    add(METRIC.documentsSkipped, report.documents.filter((document) => document.decision === 'skip').length);
    // What an earlier attempt did was counted then.
    const fresh = report.deliveries.filter((delivery) => delivery.fromEarlierAttempt !== true);
    for (const upload of fresh.flatMap((delivery) => delivery.uploads)) {
      if (upload.earlierAttempt === true) continue;
      if (upload.status === 'uploaded') add(METRIC.documentsUploaded, 1);
      if (upload.status === 'duplicate') add(METRIC.documentsAlreadyDelivered, 1);
      if (upload.status === 'failed') add(METRIC.documentsFailed, 1);
      if (upload.possibleRepeat === true) add(METRIC.documentsPossiblyRepeated, 1);
      if (upload.repeatOf !== undefined) add(METRIC.invoiceRepeats, 1);
      if (upload.errorKind === 'configuration') add(METRIC.authFailures, 1);
    }
  }
  return counts;
}

/**
 * Whether the message failed because its body could not be rendered: the body is listed as skipped
 * with exactly the message's error as its reason (functions/render/consider-message-body.ts). Retried
 * render failures leave no report; they count among the retries until the last attempt reports one.
 */
export function bodyRenderFailed(report: MessageReport): boolean {
  return (
    report.error !== undefined &&
    report.documents.some(
      (document) =>
        isBodyOrigin(document.origin) && document.decision === 'skip' && document.reason === report.error,
    )
  );
}
