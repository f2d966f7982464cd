import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SQSEvent, SQSRecord } from 'aws-lambda';

const eventsDir = join(__dirname, '../fixtures/events');

/** A fixture from test/fixtures/events, parsed. */
export function loadEvent<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(eventsDir, name), 'utf8')) as T;
}

/** What a test can change in the SES notification fixture. */
export interface NotificationOverrides {
  readonly messageId?: string;
  readonly recipients?: readonly string[];
  readonly bucket?: string;
  readonly key?: string;
  readonly verdicts?: Partial<Record<'spam' | 'virus' | 'spf' | 'dkim' | 'dmarc', string>>;
}

/** The real SES "Received" notification fixture, adjusted for a test. */
export function sesNotification(overrides: NotificationOverrides = {}): Record<string, unknown> {
  const notification = loadEvent<{ mail: Record<string, unknown>; receipt: Record<string, unknown> }>(
    'ses-received-s3.json',
  );
  const messageId = overrides.messageId ?? (notification.mail.messageId as string);
  notification.mail.messageId = messageId;
  if (overrides.recipients !== undefined) notification.receipt.recipients = [...overrides.recipients];
  const action = notification.receipt.action as Record<string, unknown>;
  if (overrides.bucket !== undefined) action.bucketName = overrides.bucket;
  action.objectKey = overrides.key ?? `inbound/${messageId}`;
  for (const [name, status] of Object.entries(overrides.verdicts ?? {})) {
    notification.receipt[`${name}Verdict`] = { status };
  }
  return notification;
}

/** Wraps an SES notification the way SNS delivers it to SQS (raw message delivery off). */
export function snsEnvelope(notification: unknown): string {
  const envelope = loadEvent('sns-envelope.json');
  return JSON.stringify({ ...envelope, Message: JSON.stringify(notification) });
}

/** An SQS record carrying `body`, as Lambda's event source mapping delivers it. */
export function sqsRecord(messageId: string, body: string, receiveCount = 1): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '1763630044021',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1763630044100',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:clearfacts-mail-ingest-queue',
    awsRegion: 'eu-west-1',
  };
}

/** An SQS event of the given records. */
export function sqsEvent(records: SQSRecord[]): SQSEvent {
  return { Records: records };
}
