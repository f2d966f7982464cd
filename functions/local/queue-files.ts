import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { QueueRecord } from '../ingest/process-batch';
import { StorageError } from '../shared/errors';

/** What the pending-queue file holds: queue records as they would be delivered next. */
const pendingRecordsSchema = z.array(
  z.object({ messageId: z.string().min(1), body: z.string(), receiveCount: z.number().int().positive() }),
);

/** Reads the records a previous run left in the queue; none when the file does not exist. */
export async function loadPendingRecords(path: string): Promise<QueueRecord[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new StorageError(`Cannot read the pending queue ${path}`, 'permanent', { cause: error });
  }
  try {
    return pendingRecordsSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new StorageError(`The pending queue ${path} is unreadable: remove it to start empty`, 'permanent', {
      cause: error,
    });
  }
}

/** Keeps the records not yet processed for the next run (or removes the file when there are none). */
export async function savePendingRecords(path: string, records: readonly QueueRecord[]): Promise<void> {
  if (records.length === 0) {
    await rm(path, { force: true });
    return;
  }
  await writeFile(path, `${JSON.stringify(records, null, 2)}\n`);
}

/** Writes a message that failed every delivery to `<directory>/<messageId>.json`; returns the file. */
export async function writeDeadLetter(
  directory: string,
  record: QueueRecord,
  error: string,
): Promise<string> {
  await mkdir(directory, { recursive: true });
  const path = join(directory, `${record.messageId}.json`);
  const entry = { ...record, lastError: error, deadLetteredAt: new Date().toISOString() };
  await writeFile(path, `${JSON.stringify(entry, null, 2)}\n`);
  return path;
}
