import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClearfactsClient } from '../../functions/clearfacts/clearfacts-client';
import { type DocumentCandidate, UPLOAD_CONTENT_TYPES } from '../../functions/documents/document';
import { parseMessage } from '../../functions/mail/parse-message';
import { extractDocuments } from '../../functions/mail/pick-documents';
import { everyKindOfAttachment, mailWith, zipBomb } from '../support/attachment-mail';
import {
  type ClearfactsStandIn,
  type StandInUpload,
  startClearfactsStandIn,
} from '../support/clearfacts-stand-in';
import { isJpeg, isPdf, pdfPages } from '../support/file-checks';
import { minimalPdf } from '../support/minimal-pdf';

const TOKEN = `cfTEST${'a1B2'.repeat(18)}TOKEN!`;
const UBL = readFileSync(join(__dirname, '..', 'fixtures', 'xml', 'base-example.xml'));

let clearfacts: ClearfactsStandIn;
let client: ClearfactsClient;

beforeAll(async () => {
  clearfacts = await startClearfactsStandIn({ token: TOKEN });
  client = new ClearfactsClient({
    apiUrl: clearfacts.url,
    token: async () => TOKEN,
    sleep: async () => undefined,
  });
});

afterAll(() => clearfacts.close());

/**
 * Extracts a message's documents and uploads the chosen ones through the real Clearfacts
 * client, the way `deliverDocuments` does; returns what reached the stand-in and the candidates.
 */
async function deliver(raw: Buffer): Promise<{ uploads: StandInUpload[]; candidates: DocumentCandidate[] }> {
  const before = clearfacts.uploads.length;
  const candidates = await extractDocuments(await parseMessage(raw));
  for (const candidate of candidates) {
    if (candidate.decision.action !== 'upload') continue;
    await client.uploadFile({
      companyNumber: '0123456749',
      invoiceType: 'PURCHASE',
      filename: candidate.filename,
      contentType: UPLOAD_CONTENT_TYPES[candidate.decision.uploadType],
      content: candidate.content,
    });
  }
  return { uploads: clearfacts.uploads.slice(before), candidates };
}

describe('what reaches Clearfacts from real-world attachments', () => {
  let uploads: StandInUpload[];

  beforeAll(async () => {
    ({ uploads } = await deliver(await mailWith('Alles van maart', everyKindOfAttachment())));
  });

  function received(filename: string): StandInUpload {
    const upload = uploads.find((candidate) => candidate.filename === filename);
    if (upload === undefined) throw new Error(`${filename} did not reach Clearfacts`);
    return upload;
  }

  it.each(['screenshot.pdf', 'scan.pdf', 'scan (2).pdf', 'screenshot (2).pdf'])(
    '%s (PNG, GIF, BMP, lossless WEBP) arrives as a one-page PDF',
    async (filename) => {
      const { file } = received(filename);

      expect(file.type).toBe('application/pdf');
      expect(isPdf(file.bytes)).toBe(true);
      expect(await pdfPages(file.bytes)).toHaveLength(1);
    },
  );

  it('a three-page TIFF arrives as a three-page PDF', async () => {
    const { file } = received('scan-3-pages.pdf');

    expect(isPdf(file.bytes)).toBe(true);
    expect(await pdfPages(file.bytes)).toHaveLength(3);
  });

  it.each(['IMG_0001.jpg', 'photo.jpg'])('%s (HEIC, lossy WEBP) arrives as a JPEG', (filename) => {
    const { file } = received(filename);

    expect(file.type).toBe('image/jpeg');
    expect(isJpeg(file.bytes)).toBe(true);
  });

  it('the two invoices of a ZIP, the PDF in winmail.dat and the PDF in a .msg arrive as they were attached', () => {
    for (const [filename, text] of [
      ['factuur-2026-060.pdf', 'Invoice 2026-060 - in a ZIP'],
      ['factuur-2026-061.pdf', 'Invoice 2026-061 - in a ZIP subfolder'],
      ['Factuur 2026-062.pdf', 'Invoice 2026-062 - in winmail.dat'],
      ['factuur-2026-063.pdf', 'Invoice 2026-063 - in a .msg'],
    ]) {
      expect(Buffer.from(received(filename ?? '').file.bytes).equals(minimalPdf(text ?? ''))).toBe(true);
    }
  });

  it('the password-protected PDF does not arrive', () => {
    expect(uploads.map((upload) => upload.filename)).not.toContain('beveiligd.pdf');
    expect(uploads).toHaveLength(11);
  });
});

describe('what does not reach Clearfacts', () => {
  it('only the XML of an XML and PDF pair', async () => {
    const { uploads } = await deliver(
      await mailWith('Invoice Snippet1', [
        { filename: 'Snippet1.pdf', content: minimalPdf('Invoice Snippet1 as PDF') },
        { filename: 'Snippet1.xml', contentType: 'application/xml', content: UBL },
      ]),
    );

    expect(uploads.map((upload) => [upload.filename, upload.file.type])).toEqual([
      ['Snippet1.xml', 'application/xml'],
    ]);
  });

  it('nothing from a zip bomb, and the report names the limit', async () => {
    const { uploads, candidates } = await deliver(
      await mailWith('Bomb', [{ filename: 'facturen.zip', content: zipBomb() }]),
    );

    expect(uploads).toEqual([]);
    expect(candidates[0]?.decision).toEqual({
      action: 'skip',
      reason: expect.stringContaining('over the compression ratio limit of 100'),
    });
  });

  it('a forwarded message inside a forwarded message: the inner PDF arrives', async () => {
    const pdf = minimalPdf('Invoice 2026-080 - two forwards deep');
    const original = await mailWith('Invoice 2026-080', [{ filename: 'invoice.pdf', content: pdf }]);
    const first = await mailWith('Fwd: Invoice 2026-080', [
      { filename: 'original.eml', contentType: 'message/rfc822', content: original },
    ]);
    const second = await mailWith('Fwd: Fwd: Invoice 2026-080', [
      { filename: 'forward.eml', contentType: 'message/rfc822', content: first },
    ]);

    const { uploads } = await deliver(second);

    expect(uploads.map((upload) => upload.filename)).toEqual(['invoice.pdf']);
    expect(Buffer.from(uploads[0]?.file.bytes ?? []).equals(pdf)).toBe(true);
  });
});
