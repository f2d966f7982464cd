import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Sleep } from '../clearfacts/backoff';
import { sleep as realSleep } from '../clearfacts/backoff';
import { SecretError, StorageError } from '../shared/errors';
import type { SecretVersion, SwapResult, TokenSecretStore } from './token-secret-store';

/** The file, inside the local data directory (`.local/`, git-ignored), that stands in for the secret. */
export const LOCAL_SECRET_FILE = 'clearfacts-secret.json';

/** A lock older than this belongs to a crashed process: a write takes milliseconds. */
const STALE_LOCK_MS = 30_000;

/** How long a writer waits for another one's lock before giving up. */
const LOCK_WAIT_MS = 10_000;

/** Pause between attempts to take the lock. */
const LOCK_POLL_MS = 20;

/** Where the local secret lives in a data directory. */
export function localSecretPath(dataDir: string): string {
  return join(dataDir, LOCAL_SECRET_FILE);
}

/** What the file holds: the value and the id of this version. */
interface StoredFile {
  readonly versionId: string;
  readonly value: string;
}

/**
 * The secret as a file, for the local inbox and for trying things out without AWS. Writes take a
 * lock directory (atomic `mkdir`), then replace the file by rename, so readers never see half a value.
 */
export class LocalFileTokenStore implements TokenSecretStore {
  readonly description: string;

  constructor(
    private readonly path: string,
    private readonly sleep: Sleep = realSleep,
  ) {
    this.description = `file ${path}`;
  }

  async read(): Promise<SecretVersion> {
    const stored = await this.load();
    if (stored === undefined) {
      throw new SecretError(
        `No Clearfacts token is stored in the ${this.description}: run "token set --local"`,
      );
    }
    return stored;
  }

  async compareAndSwap(expectedVersionId: string, value: string): Promise<SwapResult> {
    return this.locked(async () => {
      const current = await this.load();
      if (current?.versionId !== expectedVersionId) return { written: false };
      const written = await this.save(value);
      return { written: true, versionId: written.versionId };
    });
  }

  async put(value: string): Promise<SecretVersion> {
    return this.locked(() => this.save(value));
  }

  private async load(): Promise<StoredFile | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new StorageError(`Cannot read the ${this.description}`, 'permanent', { cause: error });
    }
    const parsed = parseStoredFile(text);
    // Never quote the content: it is the secret.
    if (parsed === undefined)
      throw new SecretError(`The ${this.description} is unreadable: run "token set --local"`);
    return parsed;
  }

  private async save(value: string): Promise<StoredFile> {
    const stored: StoredFile = { versionId: randomUUID(), value };
    const temporary = `${this.path}.${stored.versionId}.tmp`;
    await mkdir(dirname(this.path), { recursive: true });
    // Readable by this user only, like a credentials file.
    await writeFile(temporary, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.path);
    return stored;
  }

  private async locked<T>(work: () => Promise<T>): Promise<T> {
    const lock = `${this.path}.lock`;
    await mkdir(dirname(this.path), { recursive: true });
    for (let waited = 0; ; waited += LOCK_POLL_MS) {
      try {
        await mkdir(lock);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (await isStale(lock)) await rmdir(lock).catch(() => undefined);
        else if (waited >= LOCK_WAIT_MS) {
          throw new StorageError(`The ${this.description} stayed locked by another writer (${lock})`);
        } else await this.sleep(LOCK_POLL_MS);
      }
    }
    try {
      return await work();
    } finally {
      await rm(lock, { recursive: true, force: true });
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

function parseStoredFile(text: string): StoredFile | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<StoredFile>;
    return typeof parsed.versionId === 'string' && typeof parsed.value === 'string'
      ? { versionId: parsed.versionId, value: parsed.value }
      : undefined;
  } catch {
    return undefined;
  }
}
