import type { SQSEvent } from 'aws-lambda';
import type { QueueRecord } from '../../functions/ingest/process-batch';
import {
  PASSING_VERDICTS,
  receivedNotification,
  snsEnvelope,
} from '../../functions/local/ses-notification-builder';
import { BENCH_BUCKET, BENCH_PREFIX, BENCH_RECIPIENT, BENCH_SENDER } from './bench-config';

/** When SES "received" every benchmark message. */
const RECEIVED_AT = new Date('2026-11-20T09:14:05Z');

/** The SQS body for a message stored at `inbound/<messageId>`: an SNS envelope around SES's notification. */
export function notificationBody(messageId: string): string {
  const notification = receivedNotification({
    messageId,
    receivedAt: RECEIVED_AT,
    envelopeSender: 'billing@supplier.example.be',
    recipients: [BENCH_RECIPIENT],
    headers: {
      headersTruncated: false,
      headers: [],
      commonHeaders: { from: [BENCH_SENDER], to: [BENCH_RECIPIENT], subject: `Bench ${messageId}` },
    },
    bucket: BENCH_BUCKET,
    objectKeyPrefix: BENCH_PREFIX,
    verdicts: PASSING_VERDICTS,
    processingTimeMillis: 500,
  });
  return snsEnvelope(notification, RECEIVED_AT);
}

/** The queue record `processBatch` receives for a stored message, on its first delivery. */
export function queueRecord(messageId: string): QueueRecord {
  return { messageId: `record-${messageId}`, body: notificationBody(messageId), receiveCount: 1 };
}

/** The event Lambda's SQS poller hands the function for one stored message. */
export function sqsEvent(messageId: string, queueArn: string): SQSEvent {
  return {
    Records: [
      {
        messageId: `record-${messageId}`,
        receiptHandle: `bench-${messageId}`,
        body: notificationBody(messageId),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(RECEIVED_AT.getTime()),
          SenderId: 'AIDAEXAMPLE',
          ApproximateFirstReceiveTimestamp: String(RECEIVED_AT.getTime()),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: queueArn,
        awsRegion: 'eu-west-1',
      },
    ],
  };
}
