import type { DocumentCandidate } from '../documents/document';
import type { DeliveryReport, UploadReport } from '../reports/message-report';
import type { Mailbox } from '../routing/mailbox';
import { type DeliveryPorts, type DocumentTarget, deliverDocument } from './deliver-document';

/** What one mailbox's delivery needs. */
export interface DeliveryInput extends DocumentTarget {
  readonly documents: readonly DocumentCandidate[];
  /** Decide but do not upload (the CLI's `--dry-run`): the ledger is not touched either. */
  readonly dryRun?: boolean;
}

/**
 * Uploads a message's documents to one mailbox, one at a time (gentle on Clearfacts), each
 * through the ledger. One document's permanent failure does not stop the others; after a
 * configuration failure (401/403) the rest are not attempted: they would fail the same way, and
 * the whole message is retried later.
 */
export async function deliverDocuments(input: DeliveryInput, ports: DeliveryPorts): Promise<DeliveryReport> {
  const uploads: UploadReport[] = [];
  let blockedBy: UploadReport | undefined;
  for (const document of input.documents) {
    const { decision } = document;
    if (decision.action !== 'upload') continue;
    const base = { filename: document.filename, sha256: document.sha256 };
    if (blockedBy !== undefined) {
      uploads.push({ ...base, status: 'failed', error: blockedBy.error, errorKind: blockedBy.errorKind });
    } else if (input.dryRun === true) {
      uploads.push({ ...base, status: 'planned' });
    } else {
      const upload = await deliverDocument({ ...document, decision }, input, ports);
      uploads.push(upload);
      if (upload.status === 'failed' && upload.errorKind === 'configuration') blockedBy = upload;
    }
  }
  return deliveryOf(input.mailbox, uploads);
}

/** A mailbox's delivery report with the given uploads. */
export function deliveryOf(mailbox: Mailbox, uploads: readonly UploadReport[]): DeliveryReport {
  return {
    mailbox: mailbox.address,
    companyNumber: mailbox.companyNumber,
    invoiceType: mailbox.invoiceType,
    uploads,
  };
}
