import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { parseNotificationBody } from '../ingest/ses-notification';
import { describeError, StorageError } from '../shared/errors';

/** A queue message that failed every attempt, as the console lists it. */
export interface DeadLetter {
  /** The queue's own id for it (not SES's). */
  readonly queueMessageId: string;
  /** SES's message id, when the body is a readable notification. */
  readonly messageId?: string;
  /** The envelope recipients the notification named, for a replay without a report. */
  readonly recipients: readonly string[];
  /** The verdicts the notification carried, for a replay without a report. */
  readonly verdicts: Readonly<Record<string, string>>;
  readonly sender?: string;
  readonly subject?: string;
  /** When it was dead-lettered (locally) or first received (SQS). */
  readonly time?: string;
  readonly receiveCount?: number;
  /** The last error, where the queue kept it (locally). */
  readonly lastError?: string;
  /** Why the body could not be read, when it could not. */
  readonly unreadable?: string;
}

/** Where the dead letters are: the local inbox's folder or the stack's dead-letter queue. */
export interface DeadLetters {
  list(): Promise<DeadLetter[]>;
  /** Removes one after a successful replay; false when it was not found. */
  remove(queueMessageId: string): Promise<boolean>;
}

/** A dead letter is looked at by a person: a page of them is plenty, and bounds the work per view. */
export const MAX_DEAD_LETTERS_SHOWN = 100;

/** What the notification in a body says about the message. */
function describeBody(body: string): Omit<DeadLetter, 'queueMessageId'> {
  try {
    const parsed = parseNotificationBody(body);
    if (parsed.kind === 'ignored') return { recipients: [], verdicts: {}, unreadable: parsed.reason };
    const { mail, receipt } = parsed.notification;
    const verdicts: Record<string, string> = {};
    for (const name of ['spam', 'virus', 'spf', 'dkim', 'dmarc'] as const) {
      const verdict = receipt[`${name}Verdict`];
      if (verdict !== undefined) verdicts[name] = verdict;
    }
    return {
      messageId: mail.messageId,
      recipients: receipt.recipients,
      verdicts,
      sender: mail.source,
      ...(mail.commonHeaders?.subject === undefined ? {} : { subject: mail.commonHeaders.subject }),
      ...(mail.timestamp === undefined ? {} : { time: mail.timestamp }),
    };
  } catch (error) {
    return { recipients: [], verdicts: {}, unreadable: describeError(error) };
  }
}

/** The local inbox's `dead-letter/<queueMessageId>.json` files (see local/queue-files.ts). */
export function localDeadLetters(directory: string): DeadLetters {
  const file = (id: string): string => join(directory, `${id}.json`);
  return {
    async list() {
      let names: string[];
      try {
        names = (await readdir(directory)).filter((name) => name.endsWith('.json'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw new StorageError(`Cannot read ${directory}`, 'permanent', { cause: error });
      }
      const letters: DeadLetter[] = [];
      for (const name of names.sort().slice(0, MAX_DEAD_LETTERS_SHOWN)) {
        const queueMessageId = name.slice(0, -'.json'.length);
        try {
          const entry = JSON.parse(await readFile(join(directory, name), 'utf8')) as Record<string, unknown>;
          const described = describeBody(String(entry.body ?? ''));
          letters.push({
            ...described,
            queueMessageId,
            ...(typeof entry.deadLetteredAt === 'string' ? { time: entry.deadLetteredAt } : {}),
            ...(typeof entry.receiveCount === 'number' ? { receiveCount: entry.receiveCount } : {}),
            ...(typeof entry.lastError === 'string' ? { lastError: entry.lastError } : {}),
          });
        } catch (error) {
          letters.push({ queueMessageId, recipients: [], verdicts: {}, unreadable: describeError(error) });
        }
      }
      return letters.sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
    },
    async remove(queueMessageId) {
      if (!/^[\w.-]+$/.test(queueMessageId)) return false;
      try {
        await rm(file(queueMessageId));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw new StorageError(`Cannot remove the dead letter ${queueMessageId}`, 'retryable', {
          cause: error,
        });
      }
    },
  };
}

/** SQS hands out at most 10 messages per receive. */
const SQS_BATCH = 10;
/** Receives per listing: enough for a page of dead letters, bounded so a huge queue cannot stall the page. */
const MAX_RECEIVES = Math.ceil(MAX_DEAD_LETTERS_SHOWN / SQS_BATCH);
/**
 * Seconds a listed message stays hidden while the listing runs, so the next receive returns others;
 * short, so that if the console dies before it makes them visible again, a redrive only waits a moment.
 */
const PEEK_VISIBILITY_SECONDS = 20;

/**
 * The stack's dead-letter queue, read without consuming it: every message received for the listing
 * is made visible again at once. A replayed one is deleted with the handle of its latest receive.
 */
export function sqsDeadLetters(sqs: SQSClient, queueUrl: string): DeadLetters {
  const handles = new Map<string, string>();
  return {
    async list() {
      const seen = new Map<string, DeadLetter>();
      try {
        for (let round = 0; round < MAX_RECEIVES; round++) {
          const answer = await sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: queueUrl,
              MaxNumberOfMessages: SQS_BATCH,
              VisibilityTimeout: PEEK_VISIBILITY_SECONDS,
              MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
            }),
          );
          const messages = answer.Messages ?? [];
          for (const message of messages) {
            if (message.MessageId === undefined || message.ReceiptHandle === undefined) continue;
            handles.set(message.MessageId, message.ReceiptHandle);
            const sent = Number(message.Attributes?.SentTimestamp);
            seen.set(message.MessageId, {
              ...describeBody(message.Body ?? ''),
              ...(Number.isFinite(sent) ? { time: new Date(sent).toISOString() } : {}),
              queueMessageId: message.MessageId,
              receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
            });
          }
          if (messages.length === 0) break;
        }
        // Hidden while the listing ran, so each receive returned others; visible again now.
        for (const id of seen.keys()) {
          const handle = handles.get(id);
          if (handle === undefined) continue;
          await sqs.send(
            new ChangeMessageVisibilityCommand({
              QueueUrl: queueUrl,
              ReceiptHandle: handle,
              VisibilityTimeout: 0,
            }),
          );
        }
      } catch (error) {
        throw new StorageError(`Cannot read the dead-letter queue ${queueUrl}`, 'retryable', {
          cause: error,
        });
      }
      return [...seen.values()].sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
    },
    async remove(queueMessageId) {
      const handle = handles.get(queueMessageId);
      if (handle === undefined) return false;
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: handle }));
      handles.delete(queueMessageId);
      return true;
    },
  };
}
