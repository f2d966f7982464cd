import { INTERNAL_ERROR, STORE_THEN_CUT, STORED_WITH_ERRORS } from '../support/clearfacts-stand-in';
import { composeMail } from '../support/compose-mail';
import { ACME, emittedMetrics, type IngestHarness, useIngestHarness } from '../support/ingest-harness';
import { minimalPdf } from '../support/minimal-pdf';

let harness: IngestHarness;
useIngestHarness((started) => {
  harness = started;
});

async function storeMail(messageId: string, pdf: Buffer): Promise<void> {
  const attachments = [{ filename: `${messageId}.pdf`, content: pdf }];
  await harness.storeMessage(messageId, await composeMail({ subject: `Invoice ${messageId}`, attachments }));
}

describe('Clearfacts answers that leave the outcome open', () => {
  it('sends a stored-then-cut upload at most once more, flagged in the report and the comment', async () => {
    const pdf = minimalPdf('Cut connection invoice');
    await storeMail('msg-cut', pdf);
    harness.clearfacts.respondWith(STORE_THEN_CUT);

    const cut = await harness.invoke([harness.record('msg-cut', [ACME])]);
    // Never repeated within the run: one request, one stored copy, and the message goes back.
    expect(cut.result.batchItemFailures).toEqual([{ itemIdentifier: 'sqs-msg-cut' }]);
    expect(harness.uploadsOf(pdf)).toHaveLength(1);
    const unknown = (await harness.readReport('msg-cut')).deliveries[0]?.uploads[0];
    expect(unknown).toMatchObject({ status: 'failed', errorKind: 'retryable', outcomeUnknown: true });
    const firstSentAt = harness.now.toISOString();

    harness.advance(5 * 60_000);
    const retried = await harness.invoke([harness.record('msg-cut', [ACME], { receiveCount: 2 })]);

    expect(retried.result.batchItemFailures).toEqual([]);
    const copies = harness.uploadsOf(pdf);
    expect(copies).toHaveLength(2);
    expect(copies[1]?.comment).toMatch(
      new RegExp(`^possible repeat: an earlier upload of this file at ${firstSentAt} got no answer; `),
    );
    const upload = (await harness.readReport('msg-cut')).deliveries[0]?.uploads[0];
    expect(upload).toMatchObject({
      status: 'uploaded',
      uuid: copies[1]?.uuid,
      possibleRepeat: true,
      unansweredAt: firstSentAt,
    });
    expect(emittedMetrics(retried.output).DocumentsPossiblyRepeated).toBe(1);

    // Recorded now: a third delivery of the notification sends nothing.
    await harness.invoke([harness.record('msg-cut', [ACME], { receiveCount: 3 })]);
    expect(harness.uploadsOf(pdf)).toHaveLength(2);
  });

  it('uploads exactly once after two 200 "Internal server error" answers, on the queue schedule, unflagged', async () => {
    const pdf = minimalPdf('Internal error invoice');
    await storeMail('msg-internal', pdf);
    harness.clearfacts.respondWith(INTERNAL_ERROR, INTERNAL_ERROR);
    const requestsBefore = harness.clearfacts.requests.length;

    for (const receiveCount of [1, 2]) {
      const failed = await harness.invoke([harness.record('msg-internal', [ACME], { receiveCount })]);
      expect(failed.result.batchItemFailures).toEqual([{ itemIdentifier: 'sqs-msg-internal' }]);
      const report = (await harness.readReport('msg-internal')).deliveries[0]?.uploads[0];
      expect(report).toMatchObject({ status: 'failed', errorKind: 'retryable' });
      expect(report?.error).toContain('Internal server error');
      expect(report?.outcomeUnknown).toBeUndefined();
    }
    // One request per run: a fault inside Clearfacts waits for the queue, not for a tight loop.
    expect(harness.clearfacts.requests.length - requestsBefore).toBe(2);

    const third = await harness.invoke([harness.record('msg-internal', [ACME], { receiveCount: 3 })]);
    expect(third.result.batchItemFailures).toEqual([]);
    expect(harness.uploadsOf(pdf)).toHaveLength(1);
    const upload = (await harness.readReport('msg-internal')).deliveries[0]?.uploads[0];
    expect(upload).toMatchObject({ status: 'uploaded', uuid: harness.uploadsOf(pdf)[0]?.uuid });
    expect(upload?.possibleRepeat).toBeUndefined();
  });

  it('counts a uuid answered beside errors as delivered, with a warning, and never sends it again', async () => {
    const pdf = minimalPdf('Uuid and errors invoice');
    await storeMail('msg-uuid-errors', pdf);
    harness.clearfacts.respondWith(STORED_WITH_ERRORS);

    const first = await harness.invoke([harness.record('msg-uuid-errors', [ACME])]);
    expect(first.result.batchItemFailures).toEqual([]);
    const upload = (await harness.readReport('msg-uuid-errors')).deliveries[0]?.uploads[0];
    expect(upload).toMatchObject({ status: 'uploaded', uuid: harness.uploadsOf(pdf)[0]?.uuid });
    expect(upload?.warning).toContain('Internal server error');

    await harness.invoke([harness.record('msg-uuid-errors', [ACME], { receiveCount: 2 })]);
    expect(harness.uploadsOf(pdf)).toHaveLength(1);
  });
});
