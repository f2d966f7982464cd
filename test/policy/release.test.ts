import type { SQSRecord } from 'aws-lambda';
import { ReleaseRefusedError, releaseMessage } from '../../functions/ingest/release-message';
import { replayMessage } from '../../functions/ingest/replay-message';
import { composeMail } from '../support/compose-mail';
import {
  ACME,
  BUCKET,
  emittedMetrics,
  type IngestHarness,
  useIngestHarness,
} from '../support/ingest-harness';
import { minimalPdf } from '../support/minimal-pdf';
import { sesNotification, snsEnvelope, sqsRecord } from '../support/ses-events';

let harness: IngestHarness;

useIngestHarness((started) => {
  harness = started;
});

/** The SQS record for a stored message with these SES verdicts. */
function recordWith(messageId: string, verdicts: Record<string, string>): SQSRecord {
  const body = snsEnvelope(sesNotification({ messageId, recipients: [ACME], bucket: BUCKET, verdicts }));
  return sqsRecord(`sqs-${messageId}`, body);
}

async function storeInvoice(messageId: string, pdf: Buffer): Promise<void> {
  await harness.storeMessage(
    messageId,
    await composeMail({
      subject: `Invoice ${messageId}`,
      attachments: [{ filename: 'invoice.pdf', content: pdf }],
    }),
  );
}

const request = (messageId: string) => ({
  messageId,
  bucket: BUCKET,
  rawMailPrefix: 'inbound/',
  by: 'admin@office',
});

describe('releasing a quarantined message', () => {
  it('uploads it once when released, and still once when released again', async () => {
    const pdf = minimalPdf('Quarantined until released');
    await storeInvoice('msg-held', pdf);

    const { result, output } = await harness.invoke([recordWith('msg-held', { spam: 'FAIL' })]);
    expect(result.batchItemFailures).toEqual([]);
    expect(emittedMetrics(output)).toMatchObject({ MessagesQuarantined: 1, DocumentsUploaded: 0 });
    const held = await harness.readReport('msg-held');
    expect(held.outcome).toBe('quarantined');
    expect(held.deliveries[0]?.policy?.reason).toContain('SES judged the message to be spam');
    expect(harness.uploadsOf(pdf)).toHaveLength(0);

    // The same notification again (SQS delivers at least once): still held, nothing sent.
    await harness.invoke([recordWith('msg-held', { spam: 'FAIL' })]);
    expect(harness.uploadsOf(pdf)).toHaveLength(0);

    const first = await releaseMessage(request('msg-held'), harness.deps());
    expect(first.report).toMatchObject({
      outcome: 'delivered',
      replay: true,
      released: { by: 'admin@office', at: harness.now.toISOString() },
    });
    expect(first.report.deliveries[0]?.policy).toMatchObject({
      action: 'accept',
      released: { by: 'admin@office' },
      reason: expect.stringContaining('released from quarantine by admin@office'),
    });
    expect(harness.uploadsOf(pdf)).toHaveLength(1);

    const second = await releaseMessage(request('msg-held'), harness.deps());
    expect(second.report.outcome).toBe('delivered');
    expect(second.report.deliveries[0]?.uploads[0]).toMatchObject({
      status: 'uploaded',
      earlierAttempt: true,
    });
    expect(harness.uploadsOf(pdf)).toHaveLength(1);

    // A late duplicate of the notification finds the released delivery in the ledger.
    await harness.invoke([recordWith('msg-held', { spam: 'FAIL' })]);
    expect(harness.uploadsOf(pdf)).toHaveLength(1);
  });

  it('keeps a replay (not a release) in quarantine', async () => {
    const pdf = minimalPdf('Replayed, not released');
    await storeInvoice('msg-replayed', pdf);
    await harness.invoke([recordWith('msg-replayed', { dmarc: 'FAIL' })]);

    const { report } = await replayMessage(request('msg-replayed'), harness.deps());

    expect(report.outcome).toBe('quarantined');
    expect(harness.uploadsOf(pdf)).toHaveLength(0);
  });

  it('refuses to release a message with a virus', async () => {
    const pdf = minimalPdf('Infected');
    await storeInvoice('msg-virus', pdf);
    await harness.invoke([recordWith('msg-virus', { virus: 'FAIL' })]);

    await expect(releaseMessage(request('msg-virus'), harness.deps())).rejects.toThrow(ReleaseRefusedError);
    expect(harness.uploadsOf(pdf)).toHaveLength(0);
    expect((await harness.readReport('msg-virus')).outcome).toBe('quarantined');
  });

  it('refuses to release a message that is not in quarantine', async () => {
    const pdf = minimalPdf('Never held');
    await storeInvoice('msg-clean', pdf);
    await harness.invoke([recordWith('msg-clean', {})]);

    await expect(releaseMessage(request('msg-clean'), harness.deps())).rejects.toThrow(
      /is not in quarantine/,
    );
    expect(harness.uploadsOf(pdf)).toHaveLength(1);
  });
});
