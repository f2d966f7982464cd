import { type MessageReport, REPORT_VERSION } from '../../functions/reports/message-report';

/**
 * The report the queue's first attempt wrote for a stored message, recording its notification's
 * recipients and verdicts (all passing): what a replay takes them from.
 */
export function firstAttemptReport(
  messageId: string,
  bucket: string,
  recipients: readonly string[],
): MessageReport {
  return {
    version: REPORT_VERSION,
    messageId,
    processedAt: '2026-01-01T00:00:00.000Z',
    attempt: 1,
    envelopeSender: 'billing@supplier.example.be',
    verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
    recipients: recipients.map((recipient) => ({ recipient })),
    documents: [],
    deliveries: [],
    outcome: 'failed',
    rawMessage: `s3://${bucket}/inbound/${messageId}`,
  };
}
