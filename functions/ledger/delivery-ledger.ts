import type { InvoiceIdentity } from '../identity/invoice-identity';
import type { DeliveryReport } from '../reports/message-report';
import type { ErrorKind } from '../shared/errors';

/**
 * A Lambda invocation never runs longer than 15 minutes, so a claim older than that belongs to an
 * invocation that is gone. Callers that know their deadline pass a shorter lease.
 */
export const DEFAULT_CLAIM_LEASE_MS = 15 * 60_000;

/** A document as the ledger knows it: the same bytes for the same administration and tray. */
export interface DocumentRef {
  readonly companyNumber: string;
  /** The tray (`PURCHASE`, `SALE`, `VARIOUS`): the same PDF sent to two trays is two documents. */
  readonly invoiceType: string;
  /** Hex sha256 of the bytes sent to Clearfacts. */
  readonly sha256: string;
}

/** Who wants to send a document, and for how long the claim holds. */
export interface DocumentClaimRequest extends DocumentRef {
  readonly messageId: string;
  readonly mailbox: string;
  readonly filename: string;
  readonly leaseMs: number;
}

/** A document Clearfacts accepted. */
export interface DeliveredDocument {
  readonly uuid: string;
  readonly uploadedAt: string;
  readonly pages: number | null;
  /** The message (and mailbox) that sent it. */
  readonly messageId: string;
  readonly mailbox: string;
  readonly filename: string;
  /** How many times that message tried to send it. */
  readonly attempts: number;
}

/** The ledger's answer to "may I send this document?". */
export type DocumentClaim =
  /** Yes: send it, then record the result with `token`. */
  | {
      readonly kind: 'claimed';
      readonly token: string;
      /** This message's attempts for the document, this one included. */
      readonly attempts: number;
      /** An earlier claim expired without a result: its upload may have reached Clearfacts. */
      readonly interrupted: boolean;
      /** When an earlier upload of these bytes was sent and got no answer (it may have landed). */
      readonly unansweredAt?: string;
    }
  /** No: it was delivered already. */
  | { readonly kind: 'uploaded'; readonly document: DeliveredDocument }
  /** Not now: another delivery holds a live claim on it. */
  | { readonly kind: 'in-flight'; readonly messageId: string; readonly leaseUntil: string };

/** The part of a granted claim that recording its result needs. */
export interface HeldClaim {
  readonly token: string;
  readonly attempts: number;
}

/** What Clearfacts answered for a claimed document. */
export interface UploadResult {
  readonly uuid: string;
  readonly uploadedAt: string;
  readonly pages: number | null;
}

/** Why a claimed document was not delivered. */
export interface UploadFailure {
  readonly error: string;
  readonly errorKind: ErrorKind;
  /** The request was sent and no answer came: recorded as "outcome unknown", not as failed. */
  readonly outcomeUnknown?: boolean;
}

/** One message's delivery to one mailbox. */
export interface MailboxRef {
  readonly messageId: string;
  readonly mailbox: string;
}

/** Who wants to process a message for a mailbox. */
export interface MailboxClaimRequest extends MailboxRef {
  readonly leaseMs: number;
  /** An admin's replay: process it again even when an earlier delivery finished it. */
  readonly force: boolean;
}

/** The ledger's answer to "may I process this message for this mailbox?". */
export type MailboxClaim =
  | { readonly kind: 'started'; readonly token: string; readonly attempts: number }
  /** Finished earlier: here is what happened then. */
  | { readonly kind: 'done'; readonly delivery: DeliveryReport; readonly finishedAt: string }
  /** Another delivery of the same message is processing it now. */
  | { readonly kind: 'busy'; readonly leaseUntil: string };

/** An invoice identity in one administration's tray. */
export interface InvoiceRef {
  readonly companyNumber: string;
  readonly invoiceType: string;
  /** `identityKey(identity)`: supplier, document type and number. */
  readonly key: string;
}

/** The first document that brought an invoice identity to a tray. */
export interface RememberedInvoice {
  readonly identity: InvoiceIdentity;
  readonly filename: string;
  readonly sha256: string;
  readonly messageId: string;
  readonly mailbox: string;
  /** When its message was received (ISO 8601). */
  readonly receivedAt: string;
  readonly uuid?: string;
}

/**
 * What was delivered where, written with conditional writes so that concurrent and repeated
 * deliveries of the same message, and the same document in other messages, upload once.
 */
export interface DeliveryLedger {
  /** Claims a document before sending it. */
  claimDocument(request: DocumentClaimRequest): Promise<DocumentClaim>;
  /**
   * Records the uuid right after Clearfacts answered. False when the claim had been taken over
   * (its lease ran out): then another delivery may have sent the same bytes too.
   */
  recordUploaded(request: DocumentClaimRequest, claim: HeldClaim, result: UploadResult): Promise<boolean>;
  /**
   * Releases a claim whose upload failed, so a later attempt may try again. With
   * `outcomeUnknown` the document is kept as "outcome unknown": the next claim says when.
   */
  recordFailed(ref: DocumentRef, token: string, failure: UploadFailure): Promise<void>;
  /**
   * The invoices remembered under these keys, by key. One call for all of a delivery's documents,
   * so a store that can read several items at once (DynamoDB's BatchGetItem) may do so.
   */
  recallInvoices(refs: readonly InvoiceRef[]): Promise<ReadonlyMap<string, RememberedInvoice>>;
  /** Remembers an invoice under its key unless one is there already: the first document stays. */
  rememberInvoice(ref: InvoiceRef, invoice: RememberedInvoice): Promise<void>;
  /** Claims a message's delivery to one mailbox before any work. */
  claimMailbox(request: MailboxClaimRequest): Promise<MailboxClaim>;
  /**
   * Ends a mailbox claim. `done`: duplicates of the message reuse `delivery` and do nothing;
   * otherwise the next attempt starts over (the document claims keep what was uploaded).
   */
  finishMailbox(
    ref: MailboxRef,
    token: string,
    delivery: DeliveryReport | undefined,
    done: boolean,
  ): Promise<void>;
}
