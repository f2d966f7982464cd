import type { DocumentCandidate } from '../documents/document';
import type { DeliveryReport, MessageOutcome, UploadReport, UploadStatus } from '../reports/message-report';

/** Whether an upload must be tried again later: a retryable failure, or another delivery's claim. */
export function needsRetry(upload: UploadReport): boolean {
  return upload.status === 'in-progress' || (upload.status === 'failed' && upload.errorKind !== 'permanent');
}

/** Whether a mailbox's delivery is finished for good: duplicates of the message may reuse it. */
export function isSettled(delivery: DeliveryReport): boolean {
  return !delivery.uploads.some(needsRetry);
}

/** The message's fate in one word. */
export function outcomeOf(
  documents: readonly DocumentCandidate[],
  deliveries: readonly DeliveryReport[],
): MessageOutcome {
  const uploads = deliveries.flatMap((delivery) => delivery.uploads);
  if (uploads.some(needsRetry)) return 'retrying';
  if (uploads.some((upload) => upload.status === 'failed')) return 'failed';
  if (!documents.some((document) => document.decision.action === 'upload')) return 'no-documents';
  if (uploads.some((upload) => upload.status === 'planned')) return 'planned';
  return 'delivered';
}

/** How many uploads of the deliveries have the status. */
export function countUploads(deliveries: readonly DeliveryReport[], status: UploadStatus): number {
  return deliveries.flatMap((delivery) => delivery.uploads).filter((upload) => upload.status === status)
    .length;
}
