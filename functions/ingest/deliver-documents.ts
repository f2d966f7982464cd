import { cleanComment } from '../clearfacts/provenance-comment';
import type { DocumentCandidate } from '../documents/document';
import type { IdentityResult } from '../identity/invoice-identity';
import type { DeliveryReport, UploadReport } from '../reports/message-report';
import { type Mailbox, reportedTray } from '../routing/mailbox';
import { runLimited } from '../shared/run-limited';
import { DeadlineError } from './deadline';
import {
  type DeliveryPorts,
  type DocumentTarget,
  deliverDocument,
  type UploadableDocument,
} from './deliver-document';
import { type InvoiceCheck, invoiceChecks, rememberDelivered } from './invoice-checks';
import { markReplaced, pdfFallbacks } from './pdf-fallback';

/** What one mailbox's delivery needs. */
export interface DeliveryInput extends DocumentTarget {
  readonly documents: readonly DocumentCandidate[];
  /** Decide but do not upload (the CLI's `--dry-run`): the ledger is not touched either. */
  readonly dryRun?: boolean;
  /** Each document's invoice identity for this mailbox, by sha256 (functions/identity/). */
  readonly identities?: ReadonlyMap<string, IdentityResult>;
  /** When the message was received (ISO 8601): what a later repeat's note will say. */
  readonly receivedAt?: string;
  /** An admin released the message: a held repeat is uploaded (flagged) this time. */
  readonly released?: boolean;
}

/**
 * How many of a message's documents are uploaded to one mailbox at a time. Clearfacts publishes no
 * rate limit and asks for bounded concurrency: 5 at a time sends 50 documents in 10 rounds (4.1 s
 * measured with a 300 ms answer, instead of 15 s one by one; 4 at a time measured 4.5 s, too close
 * to the bench's 5 s target on a busy machine), and with the queue's 5 concurrent messages at most
 * 25 uploads are in flight from the whole function.
 */
export const PARALLEL_UPLOADS = 5;

/**
 * The bytes of documents uploaded side by side for one mailbox: each upload holds its document and
 * a multipart copy of it while it is sent, so three 10 MB scans at once would more than double the
 * function's memory for a 40 MB message (issue #19: peak RSS ≤ 2.5× the message). Small documents
 * still go five at a time; scans larger than this go one by one.
 */
export const PARALLEL_UPLOAD_BYTES = 8 * 1024 * 1024;

/**
 * Uploads a message's documents to one mailbox, `PARALLEL_UPLOADS` at a time, each through its own
 * ledger claim; the report lists them in the message's order. One document's permanent failure
 * does not stop the others; after a configuration failure (401/403) no further document is
 * started: it would fail the same way, and the whole message is retried later. A document
 * repeating an invoice the tray received before in other bytes is flagged or held, per the
 * mailbox's `invoiceRepeats` policy. When Clearfacts refuses an invoice XML for good, the PDF it
 * replaced is sent instead (functions/ingest/pdf-fallback.ts), after the others, one at a time
 * (rare: one per refused XML).
 */
export async function deliverDocuments(input: DeliveryInput, ports: DeliveryPorts): Promise<DeliveryReport> {
  const sent = input.documents.filter((document) => document.decision.action === 'upload');
  const uploads: UploadReport[] = new Array(sent.length);
  let blockedBy: UploadReport | undefined;
  const checks =
    input.dryRun === true ? new Map<string, InvoiceCheck>() : await invoiceChecks(input, ports.ledger);
  /** Uploads one document through the ledger, with the invoice check and identity found under `invoiceOf`. */
  const send = async (document: UploadableDocument, invoiceOf: string): Promise<UploadReport> => {
    const check = checks.get(invoiceOf);
    // The repeat's line first, so that trimming a long comment never cuts it.
    const comment =
      check?.commentLine === undefined
        ? input.comment
        : cleanComment(`${check.commentLine}; ${input.comment}`);
    const upload = { ...(await deliverDocument(document, { ...input, comment }, ports)), ...check?.report };
    const identity = input.identities?.get(invoiceOf);
    if (upload.status === 'uploaded' && identity?.identified === true) {
      await rememberDelivered(input, document, identity.identity, upload, ports.ledger);
    }
    return upload;
  };
  const bySize = {
    weigh: (document: { readonly size: number }) => document.size,
    maxWeight: PARALLEL_UPLOAD_BYTES,
  };
  await runLimited(
    sent,
    PARALLEL_UPLOADS,
    async (document, index) => {
      const { decision } = document;
      if (decision.action !== 'upload') return;
      const base = { filename: document.filename, sha256: document.sha256 };
      const check = checks.get(document.sha256);
      if (blockedBy !== undefined) {
        uploads[index] = {
          ...base,
          status: 'failed',
          error: blockedBy.error,
          errorKind: blockedBy.errorKind,
        };
      } else if (input.dryRun === true) {
        uploads[index] = { ...base, status: 'planned' };
      } else if (check?.hold === true) {
        ports.log.info('repeated invoice held', {
          messageId: input.messageId,
          mailbox: input.mailbox.address,
        });
        uploads[index] = { ...base, status: 'held', ...check.report };
      } else if (deadlineReached(ports) !== undefined) {
        // Clearfacts being slow is not the message's fault: the rest are retried, the ledger skips what was sent.
        uploads[index] = { ...base, status: 'failed', error: deadlineReached(ports), errorKind: 'retryable' };
      } else {
        const upload = await send({ ...document, decision }, document.sha256);
        uploads[index] = upload;
        if (upload.status === 'failed' && upload.errorKind === 'configuration') blockedBy ??= upload;
      }
    },
    bySize,
  );
  // An invoice XML refused for good: the PDF it replaced carries the same invoice, so it goes instead.
  const fallbacks = pdfFallbacks(input.documents, uploads);
  for (const { xml, pdf } of fallbacks) {
    const deadline = deadlineReached(ports);
    const base = { filename: pdf.filename, sha256: pdf.sha256, replaces: xml.filename };
    // The XML's invoice identity and repeat check are the PDF's: the same invoice.
    uploads.push(
      deadline === undefined
        ? { ...(await send(pdf, xml.sha256)), replaces: xml.filename }
        : { ...base, status: 'failed', error: deadline, errorKind: 'retryable' },
    );
  }
  const delivery = deliveryOf(input.mailbox, markReplaced(uploads, fallbacks));
  const held = uploads.filter((upload) => upload.status === 'held');
  if (held.length === 0) return delivery;
  const reason = `${held.map((upload) => `${upload.filename}: ${upload.invoiceNote}`).join('; ')} (invoiceRepeats: hold)`;
  return { ...delivery, policy: { action: 'quarantine', reason } };
}

/** Why no upload may start now (the invocation's deadline is near), or undefined. */
function deadlineReached(ports: DeliveryPorts): string | undefined {
  try {
    ports.deadline?.check('sending it');
    return undefined;
  } catch (error) {
    if (error instanceof DeadlineError) return `${error.message}; it is sent when the message is retried`;
    throw error;
  }
}

/** A mailbox's delivery report with the given uploads. */
export function deliveryOf(mailbox: Mailbox, uploads: readonly UploadReport[]): DeliveryReport {
  return {
    mailbox: mailbox.address,
    companyNumber: mailbox.companyNumber,
    ...reportedTray(mailbox),
    uploads,
  };
}
