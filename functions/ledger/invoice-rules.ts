import type { RememberedInvoice } from './delivery-ledger';
import type { LedgerItem } from './ledger-items';
import type { Decision } from './ledger-rules';

/** The invoice an item remembers, if it is an invoice item. */
export function recalledInvoice(item: LedgerItem | undefined): RememberedInvoice | undefined {
  if (item?.type !== 'invoice') return undefined;
  const { identity, filename, sha256, messageId, mailbox, receivedAt, uuid } = item;
  return {
    identity,
    filename,
    sha256,
    messageId,
    mailbox,
    receivedAt,
    ...(uuid === undefined ? {} : { uuid }),
  };
}

/** The first document of an invoice stays remembered; a later one changes nothing. */
export function decideRemember(
  current: LedgerItem | undefined,
  pk: string,
  invoice: RememberedInvoice,
  now: Date,
): Decision<void> {
  if (current !== undefined) return { result: undefined };
  return {
    result: undefined,
    next: { pk, type: 'invoice', revision: 0, ...invoice, updatedAt: now.toISOString() },
  };
}
