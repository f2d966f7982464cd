import { ConditionalLedger } from './conditional-ledger';
import type { DeliveryLedger } from './delivery-ledger';
import type { LedgerItem, LedgerItemStore, PutOutcome } from './ledger-items';
import { ConditionalReplyLedger, type ReplyLedger } from './reply-ledger';

/**
 * Items in a Map. Check and write happen without an `await` in between, so the conditional write
 * is atomic within the process. For one-off runs (`npm run ingest`) and unit tests.
 */
export class MemoryItemStore implements LedgerItemStore {
  private readonly items = new Map<string, LedgerItem>();

  async get(pk: string): Promise<LedgerItem | undefined> {
    const item = this.items.get(pk);
    return item === undefined ? undefined : structuredClone(item);
  }

  async put(item: LedgerItem, expectedRevision: number | undefined): Promise<PutOutcome> {
    const stored = this.items.get(item.pk);
    if (stored?.revision !== expectedRevision) {
      return stored === undefined ? { written: false } : { written: false, current: structuredClone(stored) };
    }
    this.items.set(item.pk, structuredClone(item));
    return { written: true };
  }
}

/** A ledger that lives as long as the process. */
export function createMemoryLedger(now: () => Date = () => new Date()): DeliveryLedger {
  return new ConditionalLedger(new MemoryItemStore(), now);
}

/** A record of replies to senders that lives as long as the process. */
export function createMemoryReplyLedger(now: () => Date = () => new Date()): ReplyLedger {
  return new ConditionalReplyLedger(new MemoryItemStore(), now);
}
