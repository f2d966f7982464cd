import { StorageError } from '../shared/errors';
import type { LedgerItem, LedgerItemStore } from './ledger-items';
import type { Decision } from './ledger-rules';

/**
 * Only the deliveries of one message (a handful of SNS and SQS duplicates) compete for an item,
 * so a few rounds always settle it; more means something is wrong, and the queue retries later.
 */
export const MAX_WRITE_ROUNDS = 5;

/**
 * How many items a ledger remembers having written. One message's items (its mailboxes and
 * documents, a few hundred at most) fit many times over; a forgotten item only costs one read.
 */
export const MAX_KNOWN_ITEMS = 2_000;

/**
 * The items a ledger wrote last, by key: the next write of the same item (a claim's result)
 * is conditional on that revision without reading it first. Hand-written: a Map in insertion
 * order is the whole of a bounded "least recently written" cache.
 */
export class KnownItems {
  private readonly items = new Map<string, LedgerItem>();

  /** The item as this ledger last wrote it, if it still remembers. */
  get(pk: string): LedgerItem | undefined {
    return this.items.get(pk);
  }

  /** Remembers a written item, forgetting the oldest beyond `MAX_KNOWN_ITEMS`. */
  remember(item: LedgerItem): void {
    this.items.delete(item.pk);
    this.items.set(item.pk, item);
    for (const oldest of this.items.keys()) {
      if (this.items.size <= MAX_KNOWN_ITEMS) break;
      this.items.delete(oldest);
    }
  }
}

/** Where an update starts when it does not read the item first. */
export interface UpdateStart {
  /** Items this ledger wrote: the one it wrote last is taken as current until a write says otherwise. */
  readonly known?: KnownItems;
  /** The item is most likely new (a first claim): write as if there were none, read only if there is. */
  readonly likelyAbsent?: boolean;
  readonly rounds?: number;
}

/**
 * Decides on the current item and writes only if nobody wrote in between; else decides again on
 * what the store holds, for at most `rounds` rounds (each round, one of the competing writers wins).
 *
 * The item is read first only when nothing is known about it. Otherwise the decision is made on a
 * guess (what this ledger wrote last, or no item) and the conditional write checks the guess: a
 * write that fails brings back the stored item (or it is read) and the decision is made again. An
 * answer that writes nothing is never given on a guess: the item is read and decided on again.
 * So every answer rests on what the store held, as with a read before each write.
 */
export async function updateItem<T>(
  store: LedgerItemStore,
  pk: string,
  decide: (current: LedgerItem | undefined, now: Date) => Decision<T>,
  now: () => Date,
  start: UpdateStart = {},
): Promise<T> {
  const rounds = start.rounds ?? MAX_WRITE_ROUNDS;
  let current = start.known?.get(pk);
  let verified = false;
  if (current === undefined && start.likelyAbsent !== true) {
    current = await store.get(pk);
    verified = true;
  }
  for (let round = 1; round <= rounds; round++) {
    const { result, next } = decide(current, now());
    if (next === undefined) {
      if (verified) return result;
      current = await store.get(pk);
      verified = true;
      continue;
    }
    const item = { ...next, revision: (current?.revision ?? 0) + 1 };
    const outcome = await store.put(item, current?.revision);
    if (outcome.written) {
      start.known?.remember(item);
      return result;
    }
    current = outcome.current ?? (await store.get(pk));
    verified = true;
  }
  throw new StorageError(`The ledger item ${pk} kept changing during ${rounds} attempts to update it`);
}
