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

/**
 * The message's fate in one word. A mailbox the policy holds makes the message `quarantined`
 * (an admin has something to do) unless a failure says more; it is `rejected` only when the
 * policy refused it everywhere.
 */
export function outcomeOf(
  documents: readonly DocumentCandidate[],
  deliveries: readonly DeliveryReport[],
): MessageOutcome {
  const uploads = deliveries.flatMap((delivery) => delivery.uploads);
  if (uploads.some(needsRetry)) return 'retrying';
  // A refused invoice XML whose PDF went instead is not a failure of the message: the PDF's upload says.
  if (uploads.some((upload) => upload.status === 'failed' && upload.replacedBy === undefined))
    return 'failed';
  const held = deliveries.map((delivery) => delivery.policy?.action);
  if (held.includes('quarantine')) return 'quarantined';
  if (held.length > 0 && held.every((action) => action === 'reject')) return 'rejected';
  if (!documents.some((document) => document.decision.action === 'upload')) return 'no-documents';
  if (uploads.some((upload) => upload.status === 'planned')) return 'planned';
  return 'delivered';
}

/** How many uploads of the deliveries have the status. */
export function countUploads(deliveries: readonly DeliveryReport[], status: UploadStatus): number {
  return deliveries.flatMap((delivery) => delivery.uploads).filter((upload) => upload.status === status)
    .length;
}
