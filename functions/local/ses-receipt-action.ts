import { createReadStream } from 'node:fs';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StorageError } from '../shared/errors';
import { type HeaderSummary, summariseHeaders } from './message-headers';
import {
  newSesMessageId,
  receivedNotification,
  snsEnvelope,
  type Verdicts,
} from './ses-notification-builder';

/** SES's receipt rule writes under this prefix in the stack; the local inbox does the same. */
export const INBOUND_PREFIX = 'inbound/';

/** A message the SMTP inbox has accepted and written to a spool file. */
export interface SpooledMessage {
  /** The spool file holding the raw message. */
  readonly path: string;
  readonly size: number;
  /** The first bytes of the message, enough for its header block. */
  readonly head: Buffer;
  /** MAIL FROM. */
  readonly envelopeSender: string;
  /** RCPT TO, all accepted. */
  readonly recipients: readonly string[];
  readonly receivedAt: Date;
}

/** What the receipt rule did with a message. */
export interface StoredMessage {
  readonly messageId: string;
  readonly bucket: string;
  readonly objectKey: string;
  /** The headers as the notification lists them. */
  readonly headers: HeaderSummary;
  /** The SES notification published for it. */
  readonly notification: Record<string, unknown>;
}

/** How the local receipt rule stores and announces messages. */
export interface ReceiptActionOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly verdicts: Verdicts;
  /** Hands the SNS-envelope body on, as SNS does to the SQS queue subscribed to the topic. */
  readonly publish: (body: string) => void | Promise<void>;
}

/** A receipt rule's S3 action with its SNS topic: stores the raw message, then publishes the notification. */
export type ReceiptAction = (message: SpooledMessage) => Promise<StoredMessage>;

/** Builds the local stand-in for SES's S3 action and its notification, in that order (as SES does). */
export function s3ReceiptAction(options: ReceiptActionOptions): ReceiptAction {
  return async (message) => {
    const started = Date.now();
    const messageId = newSesMessageId();
    const objectKey = `${INBOUND_PREFIX}${messageId}`;
    try {
      await options.s3.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: objectKey,
          Body: createReadStream(message.path),
          ContentLength: message.size,
        }),
      );
    } catch (error) {
      throw new StorageError(`Cannot store the message in s3://${options.bucket}/${objectKey}`, 'retryable', {
        cause: error,
      });
    }
    const headers = await summariseHeaders(message.head);
    const notification = receivedNotification({
      messageId,
      receivedAt: message.receivedAt,
      envelopeSender: message.envelopeSender,
      recipients: message.recipients,
      headers,
      bucket: options.bucket,
      objectKeyPrefix: INBOUND_PREFIX,
      verdicts: options.verdicts,
      processingTimeMillis: Date.now() - started,
    });
    await options.publish(snsEnvelope(notification, new Date()));
    return { messageId, bucket: options.bucket, objectKey, headers, notification };
  };
}
