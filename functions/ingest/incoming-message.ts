import type { Readable } from 'node:stream';
import type { MessageStore } from '../storage/message-store';
import type { SesReceivedNotification } from './ses-notification';

/** A message to process, independent of where it came from (SES, the local inbox, a file). */
export interface IncomingMessage {
  /** SES's message id (the S3 object name), or a local stand-in. */
  readonly messageId: string;
  /** When SES received it. */
  readonly receivedAt?: string;
  /** The envelope sender (MAIL FROM). */
  readonly envelopeSender: string;
  /** The envelope recipients: the only reliable routing information. */
  readonly recipients: readonly string[];
  /** SES's spam, virus, SPF, DKIM and DMARC verdicts, by name. */
  readonly verdicts: Readonly<Record<string, string>>;
  /** How many times the queue has handed this message over (1 the first time). */
  readonly attempt: number;
  /** Where the raw message is stored (`s3://bucket/key`), for the report. */
  readonly rawMessage?: string;
  /** Opens the raw MIME. */
  open(): Promise<Readable>;
}

/** Builds the processing input from an SES notification. */
export function incomingFromNotification(
  notification: SesReceivedNotification,
  store: MessageStore,
  attempt: number,
): IncomingMessage {
  const { mail, receipt } = notification;
  const verdicts: Record<string, string> = {};
  for (const name of ['spam', 'virus', 'spf', 'dkim', 'dmarc'] as const) {
    const verdict = receipt[`${name}Verdict`];
    if (verdict !== undefined) verdicts[name] = verdict;
  }
  return {
    messageId: mail.messageId,
    ...(mail.timestamp === undefined ? {} : { receivedAt: mail.timestamp }),
    envelopeSender: mail.source,
    recipients: receipt.recipients,
    verdicts,
    attempt,
    rawMessage: `s3://${receipt.action.bucketName}/${receipt.action.objectKey}`,
    open: () => store.openRawMessage({ bucket: receipt.action.bucketName, key: receipt.action.objectKey }),
  };
}
