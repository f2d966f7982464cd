import { randomUUID } from 'node:crypto';
import type { DeliveryReport } from '../reports/message-report';
import { KnownItems, updateItem } from './conditional-update';
import type {
  DeliveryLedger,
  DocumentClaim,
  DocumentClaimRequest,
  DocumentRef,
  HeldClaim,
  InvoiceRef,
  MailboxClaim,
  MailboxClaimRequest,
  MailboxRef,
  RememberedInvoice,
  UploadFailure,
  UploadResult,
} from './delivery-ledger';
import { decideDocumentClaim, decideFailed, decideUploaded } from './document-rules';
import { decideRemember, recalledInvoice } from './invoice-rules';
import { documentKey, invoiceKey, type LedgerItem, type LedgerItemStore, mailboxKey } from './ledger-items';
import type { Decision } from './ledger-rules';
import { decideMailboxClaim, decideMailboxFinish } from './mailbox-rules';

/**
 * The ledger on any item store with conditional writes: decide, write if unchanged. A first claim
 * is written as if the item were new, and a claim's result on the revision the claim wrote, so a
 * message with one document costs 4 requests (mailbox claim, document claim, upload recorded,
 * mailbox finished) and each further document 2; a failed conditional write decides again.
 */
export class ConditionalLedger implements DeliveryLedger {
  private readonly known = new KnownItems();

  constructor(
    private readonly store: LedgerItemStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  claimDocument(request: DocumentClaimRequest): Promise<DocumentClaim> {
    const token = randomUUID();
    return this.update(
      documentKey(request.companyNumber, request.invoiceType, request.sha256),
      (current, now) => decideDocumentClaim(current, request, token, now),
      true,
    );
  }

  recordUploaded(request: DocumentClaimRequest, claim: HeldClaim, result: UploadResult): Promise<boolean> {
    return this.update(
      documentKey(request.companyNumber, request.invoiceType, request.sha256),
      (current, now) => decideUploaded(current, request, claim, result, now),
    );
  }

  recordFailed(ref: DocumentRef, token: string, failure: UploadFailure): Promise<void> {
    return this.update(documentKey(ref.companyNumber, ref.invoiceType, ref.sha256), (current, now) =>
      decideFailed(current, token, failure, now),
    );
  }

  async recallInvoices(refs: readonly InvoiceRef[]): Promise<ReadonlyMap<string, RememberedInvoice>> {
    const found = new Map<string, RememberedInvoice>();
    for (const ref of refs) {
      const invoice = recalledInvoice(
        await this.store.get(invoiceKey(ref.companyNumber, ref.invoiceType, ref.key)),
      );
      if (invoice !== undefined) found.set(ref.key, invoice);
    }
    return found;
  }

  rememberInvoice(ref: InvoiceRef, invoice: RememberedInvoice): Promise<void> {
    const pk = invoiceKey(ref.companyNumber, ref.invoiceType, ref.key);
    return this.update(pk, (current, now) => decideRemember(current, pk, invoice, now), true);
  }

  claimMailbox(request: MailboxClaimRequest): Promise<MailboxClaim> {
    const token = randomUUID();
    return this.update(
      mailboxKey(request.messageId, request.mailbox),
      (current, now) => decideMailboxClaim(current, request, token, now),
      true,
    );
  }

  finishMailbox(
    ref: MailboxRef,
    token: string,
    delivery: DeliveryReport | undefined,
    done: boolean,
  ): Promise<void> {
    return this.update(mailboxKey(ref.messageId, ref.mailbox), (current, now) =>
      decideMailboxFinish(current, token, delivery, done, now),
    );
  }

  /** `likelyAbsent`: a first claim, written as if the item were new (checked by the write). */
  private update<T>(
    pk: string,
    decide: (current: LedgerItem | undefined, now: Date) => Decision<T>,
    likelyAbsent = false,
  ): Promise<T> {
    return updateItem(this.store, pk, decide, this.now, { known: this.known, likelyAbsent });
  }
}
