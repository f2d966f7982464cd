import { DEADLINE_MARGIN_MS } from '../../functions/ingest/deadline';
import { PARALLEL_UPLOADS } from '../../functions/ingest/deliver-documents';
import { AS_CLEARFACTS } from '../support/clearfacts-stand-in';
import { composeMail } from '../support/compose-mail';
import { ACME, type IngestHarness, useIngestHarness } from '../support/ingest-harness';
import { minimalPdf } from '../support/minimal-pdf';
import { sampleTiff } from '../support/sample-images';

let harness: IngestHarness;

useIngestHarness((started) => {
  harness = started;
});

/** A TIFF that declares 1,000 megapixels of pages: over the per-message budget from its header. */
function bombTiff(): Buffer {
  return bigPages(40, { width: 5000, height: 5000 });
}

/** `count` pages that each declare `size` but hold a one-pixel strip: only the header is large. */
function bigPages(count: number, size: { width: number; height: number }): Buffer {
  const small = sampleTiff(Array.from({ length: count }, () => ({ width: 1, height: 1 })));
  // Rewrite each directory's width and height (tags 256 and 257, LONG values) to the declared size.
  const out = Buffer.from(small);
  for (let offset = out.readUInt32LE(4); offset !== 0; ) {
    const entries = out.readUInt16LE(offset);
    for (let entry = 0; entry < entries; entry += 1) {
      const at = offset + 2 + entry * 12;
      const tag = out.readUInt16LE(at);
      if (tag === 256) out.writeUInt32LE(size.width, at + 8);
      if (tag === 257) out.writeUInt32LE(size.height, at + 8);
    }
    offset = out.readUInt32LE(offset + 2 + entries * 12);
  }
  return out;
}

describe('the deadline guard and the work budget', () => {
  it('finishes a message over its budget with a report naming the budget, and the queue does not see it again', async () => {
    harness.clearfacts.respondAlways(AS_CLEARFACTS);
    const pdf = minimalPdf('Beside the bomb');
    await harness.storeMessage(
      'msg-bomb',
      await composeMail({
        subject: 'Scans',
        attachments: [
          { filename: 'scan.tif', content: bombTiff() },
          { filename: 'invoice.pdf', content: pdf },
        ],
      }),
    );

    const { result } = await harness.invoke([harness.record('msg-bomb', [ACME])]);

    expect(result.batchItemFailures).toEqual([]);
    expect(harness.retries).toEqual([]);
    const report = await harness.readReport('msg-bomb');
    expect(report.outcome).toBe('delivered');
    expect(report.documents.find((document) => document.filename === 'scan.tif')).toMatchObject({
      decision: 'skip',
      reason: expect.stringContaining('would exceed the budget of 100 megapixels decoded per message'),
    });
    expect(harness.uploadsOf(pdf)).toHaveLength(1);
  });

  it('stops uploading before the deadline, reports what was sent and why the rest was not, and retries the rest', async () => {
    // A slow Clearfacts: the first round of uploads takes 160 s of the invocation's 200 s. The
    // first PARALLEL_UPLOADS documents start together (200 s left); the next ones would start
    // after an answer, with 40 s left: less than the margin kept to finish the message.
    let remaining = 200_000;
    harness.clearfacts.respondAlways(() => {
      remaining = 40_000;
      return AS_CLEARFACTS;
    });
    const names = Array.from({ length: PARALLEL_UPLOADS + 2 }, (_, index) => `invoice-${index + 1}.pdf`);
    const pdfs = names.map((name) => minimalPdf(`Invoice ${name}`));
    const inTime = pdfs.slice(0, PARALLEL_UPLOADS);
    const tooLate = pdfs.slice(PARALLEL_UPLOADS);
    await harness.storeMessage(
      'msg-slow',
      await composeMail({
        subject: 'Six invoices',
        attachments: names.map((filename, index) => ({ filename, content: pdfs[index] as Buffer })),
      }),
    );

    const { result } = await harness.invoke([harness.record('msg-slow', [ACME])], {
      remainingMs: () => remaining,
    });

    expect(DEADLINE_MARGIN_MS).toBe(45_000);
    for (const pdf of inTime) expect(harness.uploadsOf(pdf)).toHaveLength(1);
    for (const pdf of tooLate) expect(harness.uploadsOf(pdf)).toHaveLength(0);
    const report = await harness.readReport('msg-slow');
    expect(report.outcome).toBe('retrying');
    // In the message's order, whichever upload finished first.
    expect(report.deliveries[0]?.uploads.map((upload) => [upload.filename, upload.status])).toEqual(
      names.map((name, index) => [name, index < PARALLEL_UPLOADS ? 'uploaded' : 'failed']),
    );
    for (const upload of report.deliveries[0]?.uploads.slice(PARALLEL_UPLOADS) ?? []) {
      expect(upload).toMatchObject({
        errorKind: 'retryable',
        error: expect.stringMatching(
          /^not done: the function had 40 s left before sending it, less than the 45 s kept/,
        ),
      });
    }
    // Clearfacts being slow is not the message's fault: it comes back, and only the rest is sent then.
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'sqs-msg-slow' }]);

    await harness.invoke([harness.record('msg-slow', [ACME], { receiveCount: 2 })]);
    for (const pdf of pdfs) expect(harness.uploadsOf(pdf)).toHaveLength(1);
    expect((await harness.readReport('msg-slow')).outcome).toBe('delivered');
  });
});
