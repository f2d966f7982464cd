import { StorageError } from '../shared/errors';
import type { LedgerItem, LedgerItemStore } from './ledger-items';
import type { Decision } from './ledger-rules';

/**
 * Only the deliveries of one message (a handful of SNS and SQS duplicates) compete for an item,
 * so a few rounds always settle it; more means something is wrong, and the queue retries later.
 */
export const MAX_WRITE_ROUNDS = 5;

/**
 * Reads the item, decides, and writes only if nobody wrote in between; else decides again, for at
 * most `rounds` rounds (each round, one of the competing writers wins).
 */
export async function updateItem<T>(
  store: LedgerItemStore,
  pk: string,
  decide: (current: LedgerItem | undefined, now: Date) => Decision<T>,
  now: () => Date,
  rounds = MAX_WRITE_ROUNDS,
): Promise<T> {
  for (let round = 1; round <= rounds; round++) {
    const current = await store.get(pk);
    const { result, next } = decide(current, now());
    if (next === undefined) return result;
    const written = await store.put({ ...next, revision: (current?.revision ?? 0) + 1 }, current?.revision);
    if (written) return result;
  }
  throw new StorageError(`The ledger item ${pk} kept changing during ${rounds} attempts to update it`);
}
