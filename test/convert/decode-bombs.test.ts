import { crc32, deflateSync } from 'node:zlib';
import { MAX_MESSAGE_PIXELS } from '../../functions/convert/work-budget';
import type { DocumentReport } from '../../functions/reports/message-report';
import { composeMail } from '../support/compose-mail';
import { MemoryPipeline } from '../support/memory-pipeline';
import { sampleTiff } from '../support/sample-images';
import { buildZip } from '../support/sample-zip';

/** A PNG chunk: length, type, data, CRC over type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A `size` × `size` white RGB PNG that deflates to almost nothing; `label` goes into a text
 * chunk, so each copy has its own bytes (and hash) but the same pixels.
 */
function whitePng(size: number, labels: readonly string[]): Buffer[] {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((size * 3 + 1) * size, 0xff);
  for (let row = 0; row < size; row += 1) rows[row * (size * 3 + 1)] = 0;
  const data = chunk('IDAT', deflateSync(rows, { level: 9 }));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return labels.map((label) =>
    Buffer.concat([
      signature,
      chunk('IHDR', header),
      chunk('tEXt', Buffer.from(`Comment\0${label}`)),
      data,
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

/**
 * A TIFF whose `pages` directories all point at one Deflate strip of `size` × `size` white RGB:
 * a few KB that declare `pages` full pages of pixels.
 */
function sharedStripTiff(size: number, pages: number): Buffer {
  // Built from the test's baseline TIFF, re-pointed: every page shares the first page's strip.
  const one = sampleTiff([{ width: 8, height: 8 }]);
  const strip = deflateSync(Buffer.alloc(size * size * 3, 0xff), { level: 9 });
  const entries = 11;
  const ifdSize = 2 + entries * 12 + 4;
  const extrasAt = 8 + ifdSize;
  const extras = one.subarray(extrasAt, extrasAt + 24);
  const stripAt = 8;
  const firstIfd = stripAt + strip.length + 24;
  const parts: Buffer[] = [Buffer.from([0x49, 0x49, 0x2a, 0x00]), Buffer.alloc(4), strip, extras];
  parts[1]?.writeUInt32LE(firstIfd, 0);
  const bitsAt = stripAt + strip.length;
  for (let page = 0; page < pages; page += 1) {
    const at = firstIfd + page * ifdSize;
    const ifd = Buffer.alloc(ifdSize);
    ifd.writeUInt16LE(entries, 0);
    const tags: Array<[number, number, number, number]> = [
      [256, 4, 1, size],
      [257, 4, 1, size],
      [258, 3, 3, bitsAt],
      [259, 3, 1, 8],
      [262, 3, 1, 2],
      [273, 4, 1, stripAt],
      [277, 3, 1, 3],
      [278, 4, 1, size],
      [279, 4, 1, strip.length],
      [282, 5, 1, bitsAt + 8],
      [283, 5, 1, bitsAt + 16],
    ];
    tags.forEach(([tag, type, count, value], entry) => {
      ifd.writeUInt16LE(tag, 2 + entry * 12);
      ifd.writeUInt16LE(type, 4 + entry * 12);
      ifd.writeUInt32LE(count, 6 + entry * 12);
      if (type === 3 && count === 1) ifd.writeUInt16LE(value, 10 + entry * 12);
      else ifd.writeUInt32LE(value, 10 + entry * 12);
    });
    ifd.writeUInt32LE(page === pages - 1 ? 0 : at + ifdSize, 2 + entries * 12);
    parts.push(ifd);
  }
  return Buffer.concat(parts);
}

function byName(report: { documents: readonly DocumentReport[] }, name: string): DocumentReport | undefined {
  return report.documents.find(
    (document) => document.filename === name || document.originalFilename === name,
  );
}

describe('decode bombs finish with a report naming the budget', () => {
  it('converts twelve 7000 × 7000 PNGs in a ZIP only as far as the pixels-per-message budget', async () => {
    const pngs = whitePng(
      7000,
      Array.from({ length: 12 }, (_, index) => `scan ${index + 1}`),
    );
    const zip = buildZip(pngs.map((content, index) => ({ name: `scan-${index + 1}.png`, content })));
    expect(zip.length).toBeLessThan(2 * 1024 * 1024);
    const pipeline = new MemoryPipeline();

    const report = await pipeline.process(
      await composeMail({ subject: 'Scans', attachments: [{ filename: 'scans.zip', content: zip }] }),
    );

    // 49 MP each: two fit in the 100 MP budget, the other ten are refused from their headers.
    // (The two converted PDFs hold the same white pixels, so one is uploaded as a duplicate.)
    expect(MAX_MESSAGE_PIXELS).toBe(100_000_000);
    const converted = report.documents.filter((document) => document.convertedFrom !== undefined);
    expect(converted.map((document) => document.convertedFrom?.filename)).toEqual([
      'scan-1.png',
      'scan-2.png',
    ]);
    expect(pipeline.uploads.map((upload) => upload.filename)).toEqual(['scan-1.pdf']);
    const refused = report.documents.filter(
      (document) => document.decision === 'skip' && document.detectedType === 'png',
    );
    expect(refused).toHaveLength(10);
    for (const document of refused) {
      expect(document.reason).toMatch(
        // The pixel budget, or on a machine slow enough to spend a minute on two images, the time budget.
        /would exceed the budget of 100 megapixels decoded per message \(98 megapixels already used\)|the budget of 60 s of conversion per message was spent/,
      );
    }
  });

  it('refuses a 200-page TIFF whose pages share one compressed strip before decoding a page', async () => {
    const tiff = sharedStripTiff(3000, 200);
    expect(tiff.length).toBeLessThan(64 * 1024);
    const pipeline = new MemoryPipeline();

    const report = await pipeline.process(
      await composeMail({ subject: 'Fax', attachments: [{ filename: 'fax.tif', content: tiff }] }),
    );

    expect(pipeline.uploads).toEqual([]);
    expect(byName(report, 'fax.tif')).toMatchObject({
      decision: 'skip',
      reason: expect.stringContaining(
        'decoding its 1800 megapixels would exceed the budget of 100 megapixels decoded per message',
      ),
    });
  });

  it('converts a shared-strip TIFF within the budget (positive control for the bomb above)', async () => {
    const pipeline = new MemoryPipeline();
    const report = await pipeline.process(
      await composeMail({
        subject: 'Fax',
        attachments: [{ filename: 'fax.tif', content: sharedStripTiff(300, 3) }],
      }),
    );
    expect(report.outcome).toBe('delivered');
    expect(pipeline.uploads.map((upload) => upload.filename)).toEqual(['fax.pdf']);
  });

  it('converts twelve copies of one image once', async () => {
    const [png] = whitePng(600, ['same']);
    const pipeline = new MemoryPipeline();
    const report = await pipeline.process(
      await composeMail({
        subject: 'Twelve times',
        attachments: Array.from({ length: 12 }, (_, index) => ({
          filename: `copy-${index + 1}.png`,
          content: png,
        })),
      }),
    );

    expect(pipeline.uploads.map((upload) => upload.filename)).toEqual(['copy-1.pdf']);
    const converted = report.documents.filter((document) => document.convertedFrom !== undefined);
    expect(converted).toHaveLength(1);
    const copies = report.documents.filter((document) => document.convertedFrom === undefined);
    expect(copies).toHaveLength(11);
    for (const copy of copies) {
      expect(copy).toMatchObject({
        decision: 'skip',
        reason: 'same bytes as copy-1.pdf, which is uploaded once',
      });
    }
  });
});
