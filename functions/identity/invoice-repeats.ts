import type { RememberedInvoice } from '../ledger/delivery-ledger';
import { type InvoiceIdentity, sameInvoice } from './invoice-identity';

/** How a document's identity compares with what the tray received before. */
export type RepeatCheck =
  /** Nothing before under its key, or only this message's own documents (an XML and its PDF). */
  | { readonly kind: 'new' }
  /** Same supplier, type, number, date and amount from another message, in other bytes. */
  | { readonly kind: 'repeat'; readonly of: RememberedInvoice }
  /** Same supplier, type and number but another date or amount: a number used twice, not a repeat. */
  | { readonly kind: 'collision'; readonly of: RememberedInvoice };

/**
 * Compares a document with the invoice remembered under its key. The same bytes are the byte
 * ledger's business (a `duplicate`, never sent), and a repeat within one message stays what it is.
 */
export function checkRepeat(
  identity: InvoiceIdentity,
  remembered: RememberedInvoice | undefined,
  current: { readonly messageId: string; readonly sha256: string },
): RepeatCheck {
  if (remembered === undefined || remembered.messageId === current.messageId) return { kind: 'new' };
  if (remembered.sha256 === current.sha256) return { kind: 'new' };
  return sameInvoice(identity, remembered.identity)
    ? { kind: 'repeat', of: remembered }
    : { kind: 'collision', of: remembered };
}

/** "possible duplicate of <filename>, received <date> in message <id>", for the comment, report and logs. */
export function repeatNote(of: RememberedInvoice): string {
  return `possible duplicate of ${of.filename}, received ${of.receivedAt.slice(0, 10)} in message ${of.messageId}`;
}

/** What the report says about a number seen before with another date or amount. */
export function collisionNote(of: RememberedInvoice): string {
  return (
    `same supplier and number as ${of.filename} (message ${of.messageId}) but dated ${of.identity.issueDate} ` +
    `for ${of.identity.amount} ${of.identity.currency}: another invoice, not a repeat`
  );
}
