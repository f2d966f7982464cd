import { mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StorageError } from '../shared/errors';
import { ConditionalLedger } from './conditional-ledger';
import type { DeliveryLedger } from './delivery-ledger';
import type { LedgerItem, LedgerItemStore, PutOutcome } from './ledger-items';
import { ConditionalReplyLedger, type ReplyLedger } from './reply-ledger';

/** A write holds the lock for milliseconds; one older than this was left by a process that died. */
const STALE_LOCK_MS = 10_000;

/** How long a write waits for the lock before giving up (the queue then retries the message). */
const LOCK_WAIT_MS = 5_000;

const LOCK_POLL_MS = 10;

type Items = Record<string, LedgerItem>;

/**
 * Items in one JSON file, for the local inbox: it survives restarts and is easy to read. Writes
 * are serialised within the process and guarded by a lock file across processes (`npm start`
 * and `npm run replay -- --local` may run together); the file is replaced atomically.
 */
export class FileItemStore implements LedgerItemStore {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly path: string) {}

  async get(pk: string): Promise<LedgerItem | undefined> {
    return (await this.readItems())[pk];
  }

  put(item: LedgerItem, expectedRevision: number | undefined): Promise<PutOutcome> {
    const write = this.chain.then(() => this.withLock(() => this.putLocked(item, expectedRevision)));
    this.chain = write.catch(() => undefined);
    return write;
  }

  private async putLocked(item: LedgerItem, expectedRevision: number | undefined): Promise<PutOutcome> {
    const items = await this.readItems();
    const stored = items[item.pk];
    if (stored?.revision !== expectedRevision) {
      return stored === undefined ? { written: false } : { written: false, current: stored };
    }
    items[item.pk] = item;
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(items, null, 2)}\n`);
    await rename(temporary, this.path);
    return { written: true };
  }

  private async readItems(): Promise<Items> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new StorageError(`Cannot read the ledger ${this.path}`, 'retryable', { cause: error });
    }
    try {
      return JSON.parse(text) as Items;
    } catch (error) {
      throw new StorageError(`The ledger ${this.path} is not valid JSON`, 'permanent', { cause: error });
    }
  }

  private async withLock<T>(work: () => Promise<T>): Promise<T> {
    const lock = `${this.path}.lock`;
    await mkdir(dirname(this.path), { recursive: true });
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        await (await open(lock, 'wx')).close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (await isStale(lock)) await unlink(lock).catch(() => undefined);
        else if (Date.now() > deadline)
          throw new StorageError(`The ledger ${this.path} stayed locked (${lock})`);
        else await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
      }
    }
    try {
      return await work();
    } finally {
      await unlink(lock).catch(() => undefined);
    }
  }
}

async function isStale(lock: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(lock)).mtimeMs > STALE_LOCK_MS;
  } catch {
    return false;
  }
}

/** The local inbox's ledger, kept in `path` (under `.local/`). */
export function createFileLedger(path: string, now: () => Date = () => new Date()): DeliveryLedger {
  return new ConditionalLedger(new FileItemStore(path), now);
}

/** The local inbox's record of replies to senders, in the same file (the lock file keeps writers apart). */
export function createFileReplyLedger(path: string, now: () => Date = () => new Date()): ReplyLedger {
  return new ConditionalReplyLedger(new FileItemStore(path), now);
}
