import { randomBytes, randomUUID } from 'node:crypto';
import type { VerdictStatus } from '../ingest/ses-notification';
import { InvalidInputError } from '../shared/errors';
import type { HeaderSummary } from './message-headers';

/** The verdicts SES adds to a receipt notification, by the name the report uses. */
export const VERDICT_NAMES = ['spam', 'virus', 'spf', 'dkim', 'dmarc'] as const;
/** One of SES's verdict kinds. */
export type VerdictName = (typeof VERDICT_NAMES)[number];
/** A status for every verdict. */
export type Verdicts = Readonly<Record<VerdictName, VerdictStatus>>;

/** Locally every check passes, unless the person running it asks otherwise (`--verdict dmarc=FAIL`). */
export const PASSING_VERDICTS: Verdicts = {
  spam: 'PASS',
  virus: 'PASS',
  spf: 'PASS',
  dkim: 'PASS',
  dmarc: 'PASS',
};

const VERDICT_STATUSES: readonly VerdictStatus[] = ['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED'];

/** The local topic's ARN: the same shape as the stack's, in a region and account that cannot exist. */
export const LOCAL_TOPIC_ARN = 'arn:aws:sns:local:000000000000:clearfacts-mail-ingest-received';

/** What SES knows about a message once its S3 action has stored it. */
export interface ReceiptFacts {
  readonly messageId: string;
  readonly receivedAt: Date;
  /** MAIL FROM. */
  readonly envelopeSender: string;
  /** RCPT TO, all accepted. */
  readonly recipients: readonly string[];
  readonly headers: HeaderSummary;
  readonly bucket: string;
  readonly objectKeyPrefix: string;
  readonly verdicts: Verdicts;
  readonly processingTimeMillis: number;
}

/** A message id like SES's: 40 lower-case letters and digits (also the S3 object's name). */
export function newSesMessageId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return [...randomBytes(40)].map((byte) => alphabet[byte % 32]).join('');
}

/** The SES "Received" notification for a message stored by an S3 action, shaped like the real one. */
export function receivedNotification(facts: ReceiptFacts): Record<string, unknown> {
  const timestamp = facts.receivedAt.toISOString();
  const verdicts = Object.fromEntries(
    VERDICT_NAMES.map((name) => [`${name}Verdict`, { status: facts.verdicts[name] }]),
  );
  return {
    notificationType: 'Received',
    mail: {
      timestamp,
      source: facts.envelopeSender,
      messageId: facts.messageId,
      destination: [...facts.recipients],
      headersTruncated: facts.headers.headersTruncated,
      headers: facts.headers.headers,
      commonHeaders: facts.headers.commonHeaders,
    },
    receipt: {
      timestamp,
      processingTimeMillis: facts.processingTimeMillis,
      recipients: [...facts.recipients],
      ...verdicts,
      action: {
        type: 'S3',
        topicArn: LOCAL_TOPIC_ARN,
        bucketName: facts.bucket,
        objectKeyPrefix: facts.objectKeyPrefix,
        objectKey: `${facts.objectKeyPrefix}${facts.messageId}`,
      },
    },
  };
}

/** The SQS body SNS delivers with raw message delivery off: an envelope whose `Message` is the JSON string. */
export function snsEnvelope(notification: unknown, now: Date): string {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: randomUUID(),
    TopicArn: LOCAL_TOPIC_ARN,
    Subject: 'Amazon SES Email Receipt Notification',
    Message: JSON.stringify(notification),
    Timestamp: now.toISOString(),
    SignatureVersion: '1',
    // Nothing verifies SNS signatures downstream; say plainly that this one is not real.
    Signature: 'LOCAL-UNSIGNED',
    SigningCertURL: 'http://127.0.0.1/local-unsigned.pem',
    UnsubscribeURL: 'http://127.0.0.1/local-unsubscribe',
  });
}

/** Reads `--verdict dmarc=FAIL` options into verdicts; everything not named passes. */
export function verdictsFrom(overrides: readonly string[]): Verdicts {
  const verdicts: Record<VerdictName, VerdictStatus> = { ...PASSING_VERDICTS };
  for (const override of overrides) {
    const [name = '', status = ''] = override.split('=', 2).map((part) => part.trim());
    const verdictName = VERDICT_NAMES.find((known) => known === name.toLowerCase());
    const verdictStatus = VERDICT_STATUSES.find((known) => known === status.toUpperCase());
    if (verdictName === undefined || verdictStatus === undefined) {
      throw new InvalidInputError(
        `--verdict "${override}": expected <${VERDICT_NAMES.join('|')}>=<${VERDICT_STATUSES.join('|')}>`,
      );
    }
    verdicts[verdictName] = verdictStatus;
  }
  return verdicts;
}
