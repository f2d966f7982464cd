import type { DocumentCandidate } from '../documents/document';
import { type InvoiceIdentity, identityKey } from '../identity/invoice-identity';
import { checkRepeat, collisionNote, repeatNote } from '../identity/invoice-repeats';
import type { DeliveryLedger, InvoiceRef } from '../ledger/delivery-ledger';
import type { UploadReport } from '../reports/message-report';
import { trayOf } from '../routing/mailbox';
import type { DeliveryInput } from './deliver-documents';

/** What the identity check adds to one document's delivery. */
export interface InvoiceCheck {
  /** Quarantine it instead of uploading (a repeat, `invoiceRepeats: hold`, not released). */
  readonly hold: boolean;
  /** The line put before the Clearfacts comment ("possible duplicate of …"). */
  readonly commentLine?: string;
  /** The upload report's `repeatOf` and `invoiceNote`. */
  readonly report: Pick<UploadReport, 'repeatOf' | 'invoiceNote'>;
}

/**
 * Compares the identities of a delivery's documents with what the tray received before, in one
 * ledger call for all of them (a store may batch the reads). Nothing when the mailbox's policy is `off`.
 */
export async function invoiceChecks(
  input: DeliveryInput,
  ledger: DeliveryLedger,
): Promise<ReadonlyMap<string, InvoiceCheck>> {
  const checks = new Map<string, InvoiceCheck>();
  const policy = input.mailbox.invoiceRepeats ?? 'flag';
  if (policy === 'off' || input.identities === undefined) return checks;
  const identified = input.documents.flatMap((document) => {
    const result = input.identities?.get(document.sha256);
    return document.decision.action === 'upload' && result?.identified === true
      ? [{ document, identity: result.identity }]
      : [];
  });
  if (identified.length === 0) return checks;
  const refs = [...new Set(identified.map(({ identity }) => identityKey(identity)))].map((key) =>
    refOf(input, key),
  );
  const remembered = await ledger.recallInvoices(refs);
  for (const { document, identity } of identified) {
    const check = checkRepeat(identity, remembered.get(identityKey(identity)), {
      messageId: input.messageId,
      sha256: document.sha256,
    });
    if (check.kind === 'collision') {
      checks.set(document.sha256, { hold: false, report: { invoiceNote: collisionNote(check.of) } });
    } else if (check.kind === 'repeat') {
      const note = repeatNote(check.of);
      const repeatOf = {
        filename: check.of.filename,
        messageId: check.of.messageId,
        receivedAt: check.of.receivedAt,
        ...(check.of.uuid === undefined ? {} : { uuid: check.of.uuid }),
      };
      checks.set(document.sha256, {
        hold: policy === 'hold' && input.released !== true,
        commentLine: note.replace(/^p/, 'P'),
        report: { repeatOf, invoiceNote: note },
      });
    }
  }
  return checks;
}

/** Remembers the invoice a document delivered, unless the tray knows it already (the first stays). */
export async function rememberDelivered(
  input: DeliveryInput,
  document: DocumentCandidate,
  identity: InvoiceIdentity,
  upload: UploadReport,
  ledger: DeliveryLedger,
): Promise<void> {
  await ledger.rememberInvoice(refOf(input, identityKey(identity)), {
    identity,
    filename: document.filename,
    sha256: document.sha256,
    messageId: input.messageId,
    mailbox: input.mailbox.address,
    receivedAt: input.receivedAt ?? upload.uploadedAt ?? new Date(0).toISOString(),
    ...(upload.uuid === undefined ? {} : { uuid: upload.uuid }),
  });
}

function refOf(input: DeliveryInput, key: string): InvoiceRef {
  return { companyNumber: input.mailbox.companyNumber, invoiceType: trayOf(input.mailbox), key };
}
