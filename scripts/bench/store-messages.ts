import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { BENCH_BUCKET, BENCH_PREFIX } from './bench-config';
import type { CorpusMessage } from './corpus';
import type { StoredMessage } from './measure';

/**
 * Does what SES's receipt rule does before the function runs: writes each raw message to the
 * bucket under `inbound/<messageId>`, and keeps a copy on disk for the baseline to read.
 */
export async function storeMessages(
  messages: readonly CorpusMessage[],
  s3: S3Client,
  directory: string,
): Promise<StoredMessage[]> {
  const stored: StoredMessage[] = [];
  for (const message of messages) {
    const file = join(directory, `${message.name}.eml`);
    await writeFile(file, message.raw);
    await putRawMessage(s3, message.name, message.raw);
    stored.push({
      name: message.name,
      description: message.description,
      bytes: message.raw.length,
      documents: message.documents,
      file,
      messageId: message.name,
    });
  }
  return stored;
}

/** Writes one raw message where SES would. */
export async function putRawMessage(s3: S3Client, messageId: string, raw: Buffer): Promise<void> {
  await s3.send(
    new PutObjectCommand({ Bucket: BENCH_BUCKET, Key: `${BENCH_PREFIX}${messageId}`, Body: raw }),
  );
}
