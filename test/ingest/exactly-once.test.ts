import { replayMessage } from '../../functions/ingest/replay-message';
import type { DeliveryLedger } from '../../functions/ledger/delivery-ledger';
import { AS_CLEARFACTS, graphqlErrorResponse, slowAnswer } from '../support/clearfacts-stand-in';
import { composeMail } from '../support/compose-mail';
import {
  ACME,
  BUCKET,
  emittedMetrics,
  type IngestHarness,
  PEETERS,
  useIngestHarness,
} from '../support/ingest-harness';
import { minimalPdf } from '../support/minimal-pdf';

let harness: IngestHarness;
useIngestHarness((started) => {
  harness = started;
});

async function storeMail(messageId: string, files: Record<string, Buffer>): Promise<void> {
  const attachments = Object.entries(files).map(([filename, content]) => ({ filename, content }));
  await harness.storeMessage(messageId, await composeMail({ subject: `Invoices ${messageId}`, attachments }));
}

describe('delivery through the ledger', () => {
  it('uploads each document once when the same notification arrives three times at once', async () => {
    const first = minimalPdf('Triple delivery, invoice 1');
    const second = minimalPdf('Triple delivery, invoice 2');
    await storeMail('msg-triple', { 'one.pdf': first, 'two.pdf': second });
    // Slow answers, so the three deliveries really overlap.
    harness.clearfacts.respondAlways(slowAnswer(150));

    const deliveries = ['sqs-a', 'sqs-b', 'sqs-c'].map((recordId) =>
      harness.record('msg-triple', [ACME], { recordId }),
    );
    const results = await harness.invokeConcurrently(deliveries);

    expect(harness.uploadsOf(first)).toHaveLength(1);
    expect(harness.uploadsOf(second)).toHaveLength(1);
    const retried = results.flatMap((result) =>
      result.batchItemFailures.map((failure) => failure.itemIdentifier),
    );
    expect(retried).toHaveLength(2);

    // The two that stepped back come again, find the work done and upload nothing.
    harness.advance(60_000);
    const again = await harness.invoke(
      retried.map((recordId) => harness.record('msg-triple', [ACME], { recordId, receiveCount: 2 })),
    );
    expect(again.result.batchItemFailures).toEqual([]);
    expect(harness.uploadsOf(first)).toHaveLength(1);
    expect(harness.uploadsOf(second)).toHaveLength(1);
    const report = await harness.readReport('msg-triple');
    expect(report.outcome).toBe('delivered');
    expect(report.deliveries[0]?.uploads.map((upload) => upload.uuid).sort()).toEqual(
      [harness.uploadsOf(first)[0]?.uuid, harness.uploadsOf(second)[0]?.uuid].sort(),
    );
  });

  it('rides out three 503s with growing delays and uploads once, on the fourth attempt', async () => {
    const pdf = minimalPdf('Outage invoice');
    await storeMail('msg-outage', { 'outage.pdf': pdf });
    const down = { status: 503, body: { message: 'Service Unavailable' } };
    harness.clearfacts.respondWith(down, down, down);

    const answers = [];
    for (const receiveCount of [1, 2, 3, 4]) {
      const record = harness.record('msg-outage', [ACME], { receiveCount });
      answers.push((await harness.invoke([record], { maxAttempts: 1 })).result.batchItemFailures.length);
      if (receiveCount === 2) {
        expect((await harness.readReport('msg-outage')).deliveries[0]?.uploads[0]).toMatchObject({
          status: 'failed',
          errorKind: 'retryable',
          attempts: 2,
        });
      }
      harness.advance(60_000 * 2 ** (receiveCount - 1));
    }

    expect(answers).toEqual([1, 1, 1, 0]);
    expect(harness.retries.filter((retry) => retry.recordId === 'sqs-msg-outage')).toEqual([
      { recordId: 'sqs-msg-outage', receiveCount: 1, delaySeconds: 60 },
      { recordId: 'sqs-msg-outage', receiveCount: 2, delaySeconds: 120 },
      { recordId: 'sqs-msg-outage', receiveCount: 3, delaySeconds: 240 },
    ]);
    expect(harness.uploadsOf(pdf)).toHaveLength(1);
    const report = await harness.readReport('msg-outage');
    expect(report).toMatchObject({ outcome: 'delivered', attempt: 4 });
    expect(report.deliveries[0]?.uploads[0]).toMatchObject({
      status: 'uploaded',
      uuid: harness.uploadsOf(pdf)[0]?.uuid,
      attempts: 4,
    });
  });

  it('does not upload a PDF again that another message already brought to the same company', async () => {
    const pdf = minimalPdf('Invoice sent twice');
    await storeMail('msg-original', { 'invoice.pdf': pdf });
    await storeMail('msg-reminder', { 'invoice-again.pdf': pdf });
    await harness.invoke([harness.record('msg-original', [ACME])]);
    harness.advance(3 * 24 * 3600_000);

    const { result } = await harness.invoke([harness.record('msg-reminder', [ACME])]);

    expect(result.batchItemFailures).toEqual([]);
    expect(harness.uploadsOf(pdf)).toHaveLength(1);
    const uuid = harness.uploadsOf(pdf)[0]?.uuid;
    const original = await harness.readReport('msg-original');
    const uploadedAt = original.deliveries[0]?.uploads[0]?.uploadedAt;
    const report = await harness.readReport('msg-reminder');
    expect(report.outcome).toBe('delivered');
    expect(report.deliveries[0]?.uploads[0]).toMatchObject({
      status: 'duplicate',
      uuid,
      deliveredFrom: 'msg-original',
      note: `already delivered as ${uuid} on ${uploadedAt} from msg-original`,
    });
  });

  it('uploads the same PDF to two different companies', async () => {
    const pdf = minimalPdf('Invoice for two companies');
    await storeMail('msg-to-acme', { 'shared.pdf': pdf });
    await storeMail('msg-to-peeters', { 'shared.pdf': pdf });

    await harness.invoke([
      harness.record('msg-to-acme', [ACME]),
      harness.record('msg-to-peeters', [PEETERS]),
    ]);

    expect(
      harness
        .uploadsOf(pdf)
        .map((upload) => upload.companyNumber)
        .sort(),
    ).toEqual(['0123456749', '0203201340']);
    expect((await harness.readReport('msg-to-peeters')).deliveries[0]?.uploads[0]?.status).toBe('uploaded');
  });

  it('delivers a document again after a crash between upload and ledger write, and says it may be a repeat', async () => {
    const pdf = minimalPdf('Crash window invoice');
    await storeMail('msg-crash', { 'crash.pdf': pdf });
    // The function dies right after Clearfacts answered: nothing it does afterwards reaches the ledger.
    let dead = false;
    const crashAfterUpload = (ledger: DeliveryLedger): DeliveryLedger => {
      const alive = <T>(work: () => Promise<T>): Promise<T> =>
        dead ? Promise.reject(new Error('the function is gone')) : work();
      return {
        claimDocument: (request) => alive(() => ledger.claimDocument(request)),
        recordUploaded: () => {
          dead = true;
          return Promise.reject(new Error('crash injected between upload and ledger write'));
        },
        recordFailed: (...args) => alive(() => ledger.recordFailed(...args)),
        recallInvoices: (refs) => alive(() => ledger.recallInvoices(refs)),
        rememberInvoice: (...args) => alive(() => ledger.rememberInvoice(...args)),
        claimMailbox: (request) => alive(() => ledger.claimMailbox(request)),
        finishMailbox: (...args) => alive(() => ledger.finishMailbox(...args)),
      };
    };

    const crashed = await harness.invoke([harness.record('msg-crash', [ACME])], { ledger: crashAfterUpload });
    expect(crashed.result.batchItemFailures).toEqual([{ itemIdentifier: 'sqs-msg-crash' }]);
    expect(harness.uploadsOf(pdf)).toHaveLength(1);

    // SQS brings it back once the visibility timeout is over, long after the claim's lease.
    harness.advance(30 * 60_000);
    const retried = await harness.invoke([harness.record('msg-crash', [ACME], { receiveCount: 2 })]);

    expect(retried.result.batchItemFailures).toEqual([]);
    // At least once: sent again, which is the repeat the report warns about.
    expect(harness.uploadsOf(pdf)).toHaveLength(2);
    const upload = (await harness.readReport('msg-crash')).deliveries[0]?.uploads[0];
    expect(upload).toMatchObject({
      status: 'uploaded',
      possibleRepeat: true,
      uuid: harness.uploadsOf(pdf).at(-1)?.uuid,
    });
    expect(upload?.note).toMatch(/may be a repeat/);
    expect(emittedMetrics(retried.output).DocumentsPossiblyRepeated).toBe(1);
  });

  it('retries a message Clearfacts refuses with 401 instead of dropping it, and counts the auth failure', async () => {
    const pdf = minimalPdf('Refused token invoice');
    await storeMail('msg-401', { 'refused.pdf': pdf });
    harness.clearfacts.respondWith({ status: 401, body: { message: 'Unauthorized' } });

    const refused = await harness.invoke([harness.record('msg-401', [ACME])]);

    expect(refused.result.batchItemFailures).toEqual([{ itemIdentifier: 'sqs-msg-401' }]);
    expect(harness.retries.at(-1)).toEqual({ recordId: 'sqs-msg-401', receiveCount: 1, delaySeconds: 60 });
    expect(emittedMetrics(refused.output)).toMatchObject({ ClearfactsAuthFailures: 1, MessagesRetried: 1 });
    const report = await harness.readReport('msg-401');
    expect(report.outcome).toBe('retrying');
    expect(report.deliveries[0]?.uploads[0]).toMatchObject({ status: 'failed', errorKind: 'configuration' });

    // Once an admin fixed the token, the next delivery goes through.
    harness.advance(60_000);
    const fixed = await harness.invoke([harness.record('msg-401', [ACME], { receiveCount: 2 })]);
    expect(fixed.result.batchItemFailures).toEqual([]);
    expect(harness.uploadsOf(pdf)).toHaveLength(1);
  });

  it('records a success next to a permanent failure, and a replay does not upload the success again', async () => {
    const good = minimalPdf('Accepted invoice');
    const bad = minimalPdf('Rejected invoice');
    await storeMail('msg-mixed', { 'good.pdf': good, 'bad.pdf': bad });
    harness.clearfacts.respondAlways((request) =>
      request.variables?.filename === 'bad.pdf'
        ? graphqlErrorResponse('The file could not be processed', { category: 'user' })
        : AS_CLEARFACTS,
    );

    const { result } = await harness.invoke([harness.record('msg-mixed', [ACME])]);

    expect(result.batchItemFailures).toEqual([]);
    const report = await harness.readReport('msg-mixed');
    expect(report.outcome).toBe('failed');
    const byName = (name: string) => report.deliveries[0]?.uploads.find((upload) => upload.filename === name);
    expect(byName('good.pdf')).toMatchObject({ status: 'uploaded', uuid: harness.uploadsOf(good)[0]?.uuid });
    expect(byName('bad.pdf')).toMatchObject({ status: 'failed', errorKind: 'permanent' });

    // The admin fixes what was wrong and replays the message.
    harness.clearfacts.respondAlways(AS_CLEARFACTS);
    const replay = await replayMessage(
      { messageId: 'msg-mixed', bucket: BUCKET, rawMailPrefix: 'inbound/' },
      harness.deps(),
    );

    expect(harness.uploadsOf(good)).toHaveLength(1);
    expect(harness.uploadsOf(bad)).toHaveLength(1);
    const replayed = await harness.readReport('msg-mixed');
    expect(replayed).toEqual(replay.report);
    expect(replayed).toMatchObject({ outcome: 'delivered', replay: true, attempt: 2 });
    expect(replayed.deliveries[0]?.uploads).toEqual([
      expect.objectContaining({
        filename: 'good.pdf',
        status: 'uploaded',
        earlierAttempt: true,
        uuid: harness.uploadsOf(good)[0]?.uuid,
      }),
      expect.objectContaining({
        filename: 'bad.pdf',
        status: 'uploaded',
        uuid: harness.uploadsOf(bad)[0]?.uuid,
      }),
    ]);
  });
});
