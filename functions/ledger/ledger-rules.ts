import type { LedgerItem } from './ledger-items';

/**
 * The ledger's state machine is a set of pure functions of the stored item (`document-rules.ts`,
 * `mailbox-rules.ts`): each returns the answer and, when something must change, the item to write.
 * The ledger writes it conditionally on the revision it read, and decides again if another write
 * came first.
 */
export interface Decision<T> {
  readonly result: T;
  /** The item to write (its revision is set by the ledger); absent: nothing changes. */
  readonly next?: LedgerItem;
}

/** Whether a claim is held by a live lease at `nowMs`. */
export function isLive(item: { readonly leaseUntil?: number }, nowMs: number): boolean {
  return (item.leaseUntil ?? 0) > nowMs;
}

/** A lease's end as people read it. */
export function leaseEnd(item: { readonly leaseUntil?: number }): string {
  return new Date(item.leaseUntil ?? 0).toISOString();
}
