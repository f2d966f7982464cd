import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { QueueReport } from './queue-depth';

/** The local inbox's queue files, relative to its data directory. */
export const LOCAL_PENDING_QUEUE_FILE = 'queue-pending.json';
/** One JSON file per message that failed every delivery locally. */
export const LOCAL_DEAD_LETTER_DIRECTORY = 'dead-letter';

/**
 * The local inbox's queues, from its data directory: messages left in the queue when it stopped
 * (`queue-pending.json`) and the dead letters (`dead-letter/*.json`, each with `deadLetteredAt`).
 */
export async function localQueueReport(dataDir: string, now: Date): Promise<QueueReport> {
  const pending = await pendingCount(join(dataDir, LOCAL_PENDING_QUEUE_FILE));
  const deadLetters = join(dataDir, LOCAL_DEAD_LETTER_DIRECTORY);
  const times: number[] = [];
  for (const name of await files(deadLetters)) {
    if (!name.endsWith('.json')) continue;
    const path = join(deadLetters, name);
    times.push(await deadLetteredAt(path));
  }
  const oldest = times.length === 0 ? undefined : Math.min(...times);
  return {
    queue: { name: LOCAL_PENDING_QUEUE_FILE, waiting: pending, inFlight: 0 },
    deadLetterQueue: {
      name: `${LOCAL_DEAD_LETTER_DIRECTORY}/`,
      waiting: times.length,
      inFlight: 0,
      ...(oldest === undefined
        ? {}
        : { oldestAgeSeconds: Math.max(0, Math.round((now.getTime() - oldest) / 1000)) }),
    },
  };
}

async function pendingCount(path: string): Promise<number> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    return Array.isArray(parsed) ? parsed.length : 0;
  } catch {
    return 0;
  }
}

async function deadLetteredAt(path: string): Promise<number> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as { deadLetteredAt?: unknown };
    const time = typeof parsed.deadLetteredAt === 'string' ? Date.parse(parsed.deadLetteredAt) : Number.NaN;
    if (!Number.isNaN(time)) return time;
  } catch {
    // Fall back to the file's time.
  }
  return (await stat(path)).mtimeMs;
}

async function files(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch {
    return [];
  }
}
