import { ConditionalLedger } from '../../functions/ledger/conditional-ledger';
import type { DeliveryLedger } from '../../functions/ledger/delivery-ledger';
import type { LedgerItem, LedgerItemStore, PutOutcome } from '../../functions/ledger/ledger-items';
import { MemoryItemStore } from '../../functions/ledger/memory-ledger';

/** DynamoDB bills a write per started KB of the item, a strongly consistent read per 4 KB. */
const WRITE_UNIT_BYTES = 1024;
const READ_UNIT_BYTES = 4096;

/** The requests a message cost the ledger, as DynamoDB would bill them. */
export interface LedgerUsage {
  readonly reads: number;
  readonly writes: number;
  readonly readUnits: number;
  readonly writeUnits: number;
}

/** The memory ledger, counting what the same calls would cost in DynamoDB (items sized as JSON). */
export class CountingItemStore implements LedgerItemStore {
  private readonly inner = new MemoryItemStore();
  private usage = { reads: 0, writes: 0, readUnits: 0, writeUnits: 0 };

  async get(pk: string): Promise<LedgerItem | undefined> {
    const item = await this.inner.get(pk);
    this.usage.reads += 1;
    this.usage.readUnits += Math.max(1, Math.ceil(sizeOf(item) / READ_UNIT_BYTES));
    return item;
  }

  async put(item: LedgerItem, expectedRevision: number | undefined): Promise<PutOutcome> {
    this.usage.writes += 1;
    this.usage.writeUnits += Math.max(1, Math.ceil(sizeOf(item) / WRITE_UNIT_BYTES));
    return this.inner.put(item, expectedRevision);
  }

  /** What was counted since the last call, and starts counting afresh. */
  take(): LedgerUsage {
    const usage = this.usage;
    this.usage = { reads: 0, writes: 0, readUnits: 0, writeUnits: 0 };
    return usage;
  }

  /** The delivery ledger on this store. */
  ledger(): DeliveryLedger {
    return new ConditionalLedger(this);
  }
}

function sizeOf(item: LedgerItem | undefined): number {
  return item === undefined ? 0 : Buffer.byteLength(JSON.stringify(item));
}
