import type { InvoiceIdentity } from '../identity/invoice-identity';
import type { DeliveryReport } from '../reports/message-report';
import type { ErrorKind } from '../shared/errors';

/**
 * Mailbox records and unfinished document records expire after 30 days: longer than SQS keeps a
 * message (14 days at most) plus time for an admin's replay. Uploaded documents never expire:
 * they are what stops a repeat, even for a reminder carrying the same PDF months later.
 */
export const LEDGER_RETENTION_SECONDS = 30 * 24 * 60 * 60;

/** What every ledger item carries; `revision` makes each write conditional on what was read. */
interface ItemBase {
  /** The table's partition key: `doc#<companyNumber>[#<tray>]#<sha256>` or `msg#<messageId>#<mailbox>`. */
  readonly pk: string;
  /** Incremented by every write; a write succeeds only if the stored revision is the one read. */
  readonly revision: number;
  readonly messageId: string;
  readonly mailbox: string;
  readonly attempts: number;
  /** Identifies the live claim; the holder must present it to record a result. */
  readonly claimToken?: string;
  /** Until when the claim holds (epoch ms); afterwards another delivery may take over. */
  readonly leaseUntil?: number;
  readonly updatedAt: string;
  /** DynamoDB's TTL attribute (epoch seconds); absent for what must be kept. */
  readonly expiresAt?: number;
}

/** One document for one administration. */
export interface DocumentItem extends ItemBase {
  readonly type: 'document';
  /** `outcome-unknown`: an upload was sent and got no answer; it may be in Clearfacts. */
  readonly state: 'in-flight' | 'uploaded' | 'failed' | 'outcome-unknown';
  readonly companyNumber: string;
  /** The tray; absent on items written before trays were part of the key (purchases then). */
  readonly invoiceType?: string;
  /** When an upload of these bytes got no answer; kept until one is recorded as uploaded. */
  readonly unansweredAt?: string;
  readonly sha256: string;
  readonly filename: string;
  readonly uuid?: string;
  readonly uploadedAt?: string;
  readonly pages?: number | null;
  readonly error?: string;
  readonly errorKind?: ErrorKind;
}

/** One message's delivery to one mailbox. */
export interface MailboxItem extends ItemBase {
  readonly type: 'mailbox';
  /** `open`: released after a failed attempt, to be started again. */
  readonly state: 'processing' | 'open' | 'done';
  readonly delivery?: DeliveryReport;
  readonly finishedAt?: string;
}

/** Whether a message's sender was answered (functions/feedback/): written once per message. */
export interface ReplyItem {
  /** `reply#<messageId>`. */
  readonly pk: string;
  readonly type: 'reply';
  readonly revision: number;
  readonly messageId: string;
  /** `pending`: being sent, or the sender stopped between claim and result (never sent twice). */
  readonly state: 'pending' | 'sent' | 'not-sent';
  readonly to?: string;
  /** When the reply was sent (ISO 8601). */
  readonly sentAt?: string;
  /** Why it was not sent. */
  readonly reason?: string;
  readonly updatedAt: string;
  readonly expiresAt: number;
}

/** The replies sent to one sender lately, for the per-sender rate limit (functions/feedback/). */
export interface ReplyRateItem {
  /** `rate#<sha256 of the lower-case address>`: the table needs no address to count. */
  readonly pk: string;
  readonly type: 'reply-rate';
  readonly revision: number;
  /** When each recent reply was sent (epoch ms), oldest first; at most the limit's worth. */
  readonly sentAt: readonly number[];
  readonly updatedAt: string;
  /** Gone once the newest reply leaves the window. */
  readonly expiresAt: number;
}

/**
 * An invoice identity delivered to one administration's tray (functions/identity/): the first
 * document that carried it. Kept without expiry, like uploaded documents: a reminder may bring the
 * same invoice months later.
 */
export interface InvoiceItem {
  /** `inv#<companyNumber>#<invoiceType>#<supplier>#<documentType>#<number>`. */
  readonly pk: string;
  readonly type: 'invoice';
  readonly revision: number;
  readonly identity: InvoiceIdentity;
  readonly filename: string;
  readonly sha256: string;
  readonly messageId: string;
  readonly mailbox: string;
  /** When its message was received (ISO 8601). */
  readonly receivedAt: string;
  /** Clearfacts' uuid of the document. */
  readonly uuid?: string;
  readonly updatedAt: string;
}

/** Anything the ledger table holds. */
export type LedgerItem = DocumentItem | MailboxItem | ReplyItem | ReplyRateItem | InvoiceItem;

/**
 * The partition key of a document's item. Purchases keep the key items had before the tray was
 * part of it (`doc#<company>#<sha256>`), so every existing record still stops a repeat; other
 * trays add theirs (`doc#<company>#SALE#<sha256>`).
 */
export function documentKey(companyNumber: string, invoiceType: string, sha256: string): string {
  return invoiceType === 'PURCHASE'
    ? `doc#${companyNumber}#${sha256}`
    : `doc#${companyNumber}#${invoiceType}#${sha256}`;
}

/** The partition key of a message's item for one mailbox. */
export function mailboxKey(messageId: string, mailbox: string): string {
  return `msg#${messageId}#${mailbox}`;
}

/** The partition key of an invoice identity in one administration's tray. */
export function invoiceKey(companyNumber: string, invoiceType: string, identityKey: string): string {
  return `inv#${companyNumber}#${invoiceType}#${identityKey}`;
}

/** The partition key of a message's reply record. */
export function replyKey(messageId: string): string {
  return `reply#${messageId}`;
}

/** The partition key of a sender's reply counter. */
export function replyRateKey(senderHash: string): string {
  return `rate#${senderHash}`;
}

/** The TTL value for an item written at `now`. */
export function expiryFrom(now: Date): number {
  return Math.floor(now.getTime() / 1000) + LEDGER_RETENTION_SECONDS;
}

/**
 * A conditional write's answer: written, or not because another write came first. A store that
 * can say what stood in its way (DynamoDB's `ReturnValuesOnConditionCheckFailure`) returns it as
 * `current`, which saves the ledger a read; absent, the ledger reads the item.
 */
export type PutOutcome =
  | { readonly written: true }
  | { readonly written: false; readonly current?: LedgerItem };

/** Where items are kept: DynamoDB in AWS, a JSON file or memory locally. */
export interface LedgerItemStore {
  /** Reads an item, strongly consistent. */
  get(pk: string): Promise<LedgerItem | undefined>;
  /**
   * Writes `item` only if the stored item still has revision `expectedRevision` (`undefined`:
   * only if there is none).
   */
  put(item: LedgerItem, expectedRevision: number | undefined): Promise<PutOutcome>;
}
