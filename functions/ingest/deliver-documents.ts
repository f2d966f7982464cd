import type { ClearfactsUploader } from '../clearfacts/uploader';
import { type DocumentCandidate, UPLOAD_CONTENT_TYPES } from '../documents/document';
import type { DeliveryReport, UploadReport } from '../reports/message-report';
import type { Mailbox } from '../routing/mailbox';
import { describeError, errorKindOf } from '../shared/errors';
import type { EventLog } from '../shared/event-log';

/** What one mailbox's delivery needs. */
export interface DeliveryInput {
  readonly mailbox: Mailbox;
  readonly documents: readonly DocumentCandidate[];
  readonly comment: string;
  readonly messageId: string;
  /** Decide but do not upload (the CLI's `--dry-run`). */
  readonly dryRun?: boolean;
}

/**
 * Uploads a message's documents to one mailbox, one at a time (gentle on Clearfacts),
 * recording each outcome. After a configuration failure (401/403) the remaining documents
 * are not attempted: they would fail the same way, and the whole message is retried later.
 */
export async function deliverDocuments(
  input: DeliveryInput,
  uploader: ClearfactsUploader,
  log: EventLog,
): Promise<DeliveryReport> {
  const { mailbox, documents, comment, messageId } = input;
  const uploads: UploadReport[] = [];
  let blockedBy: UploadReport | undefined;
  for (const document of documents) {
    if (document.decision.action !== 'upload') continue;
    if (blockedBy !== undefined) {
      uploads.push({ ...blockedBy, filename: document.filename, sha256: document.sha256 });
      continue;
    }
    if (input.dryRun === true) {
      uploads.push({ filename: document.filename, sha256: document.sha256, status: 'planned' });
      continue;
    }
    try {
      const file = await uploader.uploadFile({
        companyNumber: mailbox.companyNumber,
        invoiceType: mailbox.invoiceType,
        filename: document.filename,
        contentType: UPLOAD_CONTENT_TYPES[document.decision.uploadType],
        content: document.content,
        comment,
      });
      uploads.push({
        filename: document.filename,
        sha256: document.sha256,
        status: 'uploaded',
        uuid: file.uuid,
        pages: file.amountOfPages,
      });
      log.info('document uploaded', {
        messageId,
        mailbox: mailbox.address,
        uuid: file.uuid,
        size: document.size,
      });
    } catch (error) {
      const failure: UploadReport = {
        filename: document.filename,
        sha256: document.sha256,
        status: 'failed',
        error: describeError(error),
        errorKind: errorKindOf(error),
      };
      uploads.push(failure);
      const level = failure.errorKind === 'configuration' ? 'error' : 'warn';
      log[level]('document upload failed', {
        messageId,
        mailbox: mailbox.address,
        errorKind: failure.errorKind,
        error: failure.error,
      });
      if (failure.errorKind === 'configuration') blockedBy = failure;
    }
  }
  return {
    mailbox: mailbox.address,
    companyNumber: mailbox.companyNumber,
    invoiceType: mailbox.invoiceType,
    uploads,
  };
}
