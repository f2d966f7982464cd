import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentCandidate } from '../../functions/documents/document';
import { parseMessage } from '../../functions/mail/parse-message';
import { extractDocuments } from '../../functions/mail/pick-documents';
import { MAX_ARCHIVE_DEPTH, MAX_COMPRESSION_RATIO } from '../../functions/unpack/unpack-limits';
import { everyKindOfAttachment, mailWith, monthZip, sha256, zipBomb } from '../support/attachment-mail';
import { isJpeg, isPdf, pdfPages } from '../support/file-checks';
import { minimalPdf } from '../support/minimal-pdf';
import { noisePng } from '../support/noise-png';
import { buildZip } from '../support/sample-zip';

// The ZIP reader the unpacker uses: counting the entries it opens proves what was inflated.
const yauzl = require('yauzl') as { ZipFile: { prototype: { openReadStream: unknown } } };

const UBL = readFileSync(join(__dirname, '..', 'fixtures', 'xml', 'base-example.xml'));

async function extract(raw: Buffer, options = {}): Promise<DocumentCandidate[]> {
  return extractDocuments(await parseMessage(raw), options);
}

function outcome(candidate: DocumentCandidate): string {
  return candidate.decision.action === 'upload' ? 'upload' : candidate.decision.reason;
}

describe('what clients really send', () => {
  let candidates: DocumentCandidate[];

  beforeAll(async () => {
    candidates = await extract(await mailWith('Alles van maart', everyKindOfAttachment()));
  });

  it('lists every attachment, unpacked and converted, with its fate and origin', () => {
    expect(candidates.map((c) => [c.filename, c.detectedType, outcome(c), c.origin])).toEqual([
      ['screenshot.pdf', 'pdf', 'upload', 'attachment'],
      ['scan.pdf', 'pdf', 'upload', 'attachment'],
      ['scan (2).pdf', 'pdf', 'upload', 'attachment'],
      ['scan-3-pages.pdf', 'pdf', 'upload', 'attachment'],
      ['IMG_0001.jpg', 'jpeg', 'upload', 'attachment'],
      ['photo.jpg', 'jpeg', 'upload', 'attachment'],
      ['screenshot (2).pdf', 'pdf', 'upload', 'attachment'],
      ['facturen-maart.zip', 'zip', 'ZIP archive; its files are listed separately', 'attachment'],
      ['factuur-2026-060.pdf', 'pdf', 'upload', 'ZIP archive "facturen-maart.zip"'],
      ['factuur-2026-061.pdf', 'pdf', 'upload', 'ZIP archive "facturen-maart.zip"'],
      ['winmail.dat', 'ms-tnef', 'Outlook winmail.dat; its attachments are listed separately', 'attachment'],
      ['Factuur 2026-062.pdf', 'pdf', 'upload', 'Outlook winmail.dat "winmail.dat"'],
      [
        'Factuur 2026-063.msg',
        'ms-msg',
        'Outlook message (.msg); its attachments are listed separately',
        'attachment',
      ],
      ['factuur-2026-063.pdf', 'pdf', 'upload', 'Outlook message "Factuur 2026-063"'],
      [
        'beveiligd.pdf',
        'pdf',
        'password-protected PDF: it needs a password to open, which Clearfacts cannot do; needs manual handling',
        'attachment',
      ],
    ]);
  });

  it('names the original of each converted file', () => {
    const tiff = candidates.find((c) => c.filename === 'scan-3-pages.pdf');

    expect(tiff).toMatchObject({
      originalFilename: 'scan-3-pages.tif',
      convertedFrom: { filename: 'scan-3-pages.tif', detectedType: 'tiff' },
    });
    expect(candidates.find((c) => c.filename === 'IMG_0001.jpg')?.convertedFrom?.detectedType).toBe('heic');
  });

  it('keeps the folder of a ZIP entry in its original name', () => {
    expect(candidates.find((c) => c.filename === 'factuur-2026-061.pdf')?.originalFilename).toBe(
      'maart/sub/factuur-2026-061.pdf',
    );
  });

  it('uploads only valid PDFs and JPEGs, every TIFF page included', async () => {
    const uploads = candidates.filter((c) => c.decision.action === 'upload');
    for (const upload of uploads) {
      expect(upload.detectedType === 'pdf' ? isPdf(upload.content) : isJpeg(upload.content)).toBe(true);
      expect(sha256(upload.content)).toBe(upload.sha256);
    }
    const tiff = uploads.find((c) => c.convertedFrom?.detectedType === 'tiff');
    expect(await pdfPages(tiff?.content ?? Buffer.alloc(0))).toHaveLength(3);
  });
});

describe('picking among what a message holds', () => {
  it('uploads the invoice XML and reports its PDF as represented by it', async () => {
    const raw = await mailWith('Invoice Snippet1', [
      { filename: 'Snippet1.xml', contentType: 'application/xml', content: UBL },
      { filename: 'Snippet1.pdf', content: minimalPdf('Invoice Snippet1 as PDF') },
    ]);

    const candidates = await extract(raw);

    expect(candidates.map((c) => [c.filename, outcome(c)])).toEqual([
      ['Snippet1.xml', 'upload'],
      ['Snippet1.pdf', 'represented by Snippet1.xml: the invoice XML carries the same invoice'],
    ]);
    expect((await extract(raw, { preferInvoiceXml: false })).map(outcome)).toEqual(['upload', 'upload']);
  });

  it('uploads a document attached twice, and the same PDF inside a ZIP, once', async () => {
    const pdf = minimalPdf('Invoice 2026-070 - attached twice');
    const raw = await mailWith('Twice', [
      { filename: 'factuur.pdf', content: pdf },
      { filename: 'kopie.pdf', content: pdf },
      { filename: 'archief.zip', content: buildZip([{ name: 'factuur.pdf', content: pdf }]) },
    ]);

    const uploads = (await extract(raw)).filter((c) => c.decision.action === 'upload');

    expect(uploads.map((c) => c.filename)).toEqual(['factuur.pdf']);
  });

  it('reports a corrupt image and a truncated PDF instead of uploading them', async () => {
    const pdf = minimalPdf('Invoice 2026-071 - cut off');
    const raw = await mailWith('Broken', [
      { filename: 'scan.png', content: noisePng(100, 100).subarray(0, 20_000) },
      { filename: 'factuur.pdf', content: pdf.subarray(0, pdf.length - 30) },
    ]);

    expect((await extract(raw)).map(outcome)).toEqual([
      expect.stringMatching(/^PNG image could not be converted: it is corrupt or truncated \(/),
      'truncated or corrupt PDF (it does not end with %%EOF; no reader can open it: Invalid PDF structure)',
    ]);
  });
});

describe('unpacking within limits', () => {
  afterEach(() => jest.restoreAllMocks());

  it('uploads both invoices of a ZIP, inflating each once', async () => {
    const opened = jest.spyOn(yauzl.ZipFile.prototype as never, 'openReadStream');
    const candidates = await extract(await mailWith('ZIP', [{ filename: 'maart.zip', content: monthZip() }]));

    expect(candidates.filter((c) => c.decision.action === 'upload')).toHaveLength(2);
    expect(opened).toHaveBeenCalledTimes(2);
  });

  it('rejects a zip bomb naming the ratio limit, without inflating it', async () => {
    const raw = await mailWith('Bomb', [{ filename: 'facturen.zip', content: zipBomb() }]);
    const opened = jest.spyOn(yauzl.ZipFile.prototype as never, 'openReadStream');

    const [zip, ...rest] = await extract(raw);

    expect(rest).toEqual([]);
    expect(outcome(zip as DocumentCandidate)).toMatch(
      new RegExp(
        `^ZIP archive not opened: "factuur.pdf" would expand \\d+ times, over the compression ratio limit of ${MAX_COMPRESSION_RATIO}`,
      ),
    );
    // Refused from the central directory alone: not one entry was opened for inflating.
    expect(opened).not.toHaveBeenCalled();
  });

  it('does not open ZIP archives nested deeper than the limit', async () => {
    let zip = buildZip([{ name: 'deep.pdf', content: minimalPdf('deep') }]);
    for (let level = 0; level < MAX_ARCHIVE_DEPTH; level += 1)
      zip = buildZip([{ name: `level-${level}.zip`, content: zip }]);

    const candidates = await extract(await mailWith('Deep', [{ filename: 'outer.zip', content: zip }]));

    expect(candidates.some((c) => c.detectedType === 'pdf')).toBe(false);
    expect(outcome(candidates.at(-1) as DocumentCandidate)).toBe(
      `ZIP archive nested too deep (limit ${MAX_ARCHIVE_DEPTH} archives); not opened`,
    );
  });

  it('opens a forwarded message inside a forwarded message inside a ZIP', async () => {
    const inner = await mailWith('Invoice 2026-072', [
      { filename: 'inner.pdf', content: minimalPdf('Invoice 2026-072 - deep') },
    ]);
    const forward = await mailWith('Fwd: Invoice 2026-072', [
      { filename: 'inner.eml', contentType: 'message/rfc822', content: inner },
    ]);
    const raw = await mailWith('Archive', [
      { filename: 'mails.zip', content: buildZip([{ name: 'forward.eml', content: forward }]) },
    ]);

    const pdf = (await extract(raw)).find((c) => c.detectedType === 'pdf');

    expect(pdf).toMatchObject({
      filename: 'inner.pdf',
      decision: { action: 'upload' },
      origin:
        'ZIP archive "mails.zip" > forwarded message "Fwd: Invoice 2026-072" > forwarded message "Invoice 2026-072"',
    });
  });
});
