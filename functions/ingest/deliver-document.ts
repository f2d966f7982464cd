import { ClearfactsError } from '../clearfacts/clearfacts-errors';
import type { ClearfactsUploader, UploadedFile } from '../clearfacts/uploader';
import type { DeadlineGuard } from '../convert/work-budget';
import { type DocumentCandidate, UPLOAD_CONTENT_TYPES, type UploadType } from '../documents/document';
import type { DeliveredDocument, DeliveryLedger, DocumentClaimRequest } from '../ledger/delivery-ledger';
import type { UploadReport } from '../reports/message-report';
import { type Mailbox, trayOf } from '../routing/mailbox';
import { describeError, errorKindOf } from '../shared/errors';
import type { EventLog } from '../shared/event-log';

/** What the report says when an earlier attempt may have sent the same bytes already. */
export const POSSIBLE_REPEAT_NOTE =
  'may be a repeat: an earlier attempt stopped after sending this document and before recording it, ' +
  'so the administration may hold it twice';

/** The line Clearfacts' comment starts with when an earlier upload of the file got no answer. */
export function possibleRepeatLine(unansweredAt: string): string {
  return `possible repeat: an earlier upload of this file at ${unansweredAt} got no answer`;
}

/** The ports one document's delivery runs against. */
export interface DeliveryPorts {
  readonly uploader: ClearfactsUploader;
  readonly ledger: DeliveryLedger;
  readonly log: EventLog;
  readonly now: () => Date;
  /** The invocation's deadline: no upload starts that could not finish and be reported. */
  readonly deadline?: DeadlineGuard;
}

/** Where a document goes and on whose behalf. */
export interface DocumentTarget {
  readonly mailbox: Mailbox;
  readonly messageId: string;
  readonly comment: string;
  /** How long the ledger claim holds (until this invocation's deadline at most). */
  readonly leaseMs: number;
}

/** A document decided for upload, in the format it is sent as. */
export type UploadableDocument = DocumentCandidate & {
  readonly decision: { readonly uploadType: UploadType };
};

/**
 * Sends one document unless the ledger knows it: claim, upload, record. Upload failures are
 * reported, not thrown; ledger failures are thrown, so the queue retries the whole message.
 */
export async function deliverDocument(
  document: UploadableDocument,
  target: DocumentTarget,
  ports: DeliveryPorts,
): Promise<UploadReport> {
  const { mailbox, messageId } = target;
  const request: DocumentClaimRequest = {
    companyNumber: mailbox.companyNumber,
    invoiceType: trayOf(mailbox),
    sha256: document.sha256,
    messageId,
    mailbox: mailbox.address,
    filename: document.filename,
    leaseMs: target.leaseMs,
  };
  const base = { filename: document.filename, sha256: document.sha256 };
  const claim = await ports.ledger.claimDocument(request);
  if (claim.kind === 'uploaded') return alreadyDelivered(base, claim.document, request);
  if (claim.kind === 'in-flight') {
    const note = `being sent by another delivery of message ${claim.messageId} (claimed until ${claim.leaseUntil})`;
    return { ...base, status: 'in-progress', note };
  }

  // Flagged before sending: the comment is the only place in Clearfacts that can say so.
  const { unansweredAt } = claim;
  const comment =
    unansweredAt === undefined ? target.comment : `${possibleRepeatLine(unansweredAt)}; ${target.comment}`;
  let file: UploadedFile;
  try {
    file = await ports.uploader.uploadFile({
      companyNumber: mailbox.companyNumber,
      invoiceType: mailbox.invoiceType,
      ...(mailbox.archive === undefined ? {} : { archive: mailbox.archive }),
      filename: document.filename,
      contentType: UPLOAD_CONTENT_TYPES[document.decision.uploadType],
      content: document.content,
      comment,
    });
  } catch (error) {
    const outcomeUnknown = error instanceof ClearfactsError && error.outcomeUnknown;
    const failure = {
      error: describeError(error),
      errorKind: errorKindOf(error),
      ...(outcomeUnknown ? { outcomeUnknown: true } : {}),
    };
    await ports.ledger.recordFailed(request, claim.token, failure);
    ports.log[failure.errorKind === 'configuration' ? 'error' : 'warn']('document upload failed', {
      messageId,
      mailbox: mailbox.address,
      attempts: claim.attempts,
      ...failure,
    });
    const retryAfterMs = error instanceof ClearfactsError ? error.retryAfterMs : undefined;
    return {
      ...base,
      status: 'failed',
      attempts: claim.attempts,
      ...failure,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }

  // The at-least-once window opens: Clearfacts holds the document and the ledger does not know yet.
  // Only a log line (so the uuid is on record even if the write fails) and the write happen in it.
  const uploadedAt = ports.now().toISOString();
  ports.log.info('document uploaded', {
    messageId,
    mailbox: mailbox.address,
    uuid: file.uuid,
    size: document.size,
  });
  const recorded = await ports.ledger.recordUploaded(request, claim, {
    uuid: file.uuid,
    uploadedAt,
    pages: file.amountOfPages,
  });
  if (file.warning !== undefined) {
    ports.log.warn('document uploaded with errors', { messageId, uuid: file.uuid, warning: file.warning });
  }
  const possibleRepeat = unansweredAt !== undefined || claim.interrupted || !recorded;
  return {
    ...base,
    status: 'uploaded',
    uuid: file.uuid,
    pages: file.amountOfPages,
    uploadedAt,
    attempts: claim.attempts,
    ...(possibleRepeat ? { possibleRepeat: true, note: repeatNote(unansweredAt) } : {}),
    ...(unansweredAt === undefined ? {} : { unansweredAt }),
    ...(file.warning === undefined ? {} : { warning: file.warning }),
  };
}

function repeatNote(unansweredAt: string | undefined): string {
  if (unansweredAt === undefined) return POSSIBLE_REPEAT_NOTE;
  return `may be a repeat: an earlier upload of this file at ${unansweredAt} got no answer, so the administration may hold it twice`;
}

/** A document the ledger already holds: sent by this message earlier, or a duplicate of another's. */
function alreadyDelivered(
  base: Pick<UploadReport, 'filename' | 'sha256'>,
  document: DeliveredDocument,
  request: DocumentClaimRequest,
): UploadReport {
  const delivered = { uuid: document.uuid, pages: document.pages, uploadedAt: document.uploadedAt };
  if (document.messageId === request.messageId && document.mailbox === request.mailbox) {
    return { ...base, status: 'uploaded', ...delivered, attempts: document.attempts, earlierAttempt: true };
  }
  const via = document.mailbox === request.mailbox ? '' : ` (to ${document.mailbox})`;
  return {
    ...base,
    status: 'duplicate',
    ...delivered,
    deliveredFrom: document.messageId,
    note: `already delivered as ${document.uuid} on ${document.uploadedAt} from ${document.messageId}${via}`,
  };
}
