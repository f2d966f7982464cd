import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClearfactsClient } from '../../functions/clearfacts/clearfacts-client';
import type { MessageReport } from '../../functions/reports/message-report';
import { type ClearfactsStandIn, startClearfactsStandIn } from '../support/clearfacts-stand-in';
import { composeMail } from '../support/compose-mail';
import { noisePng } from '../support/noise-png';
import { decodedPageImages, inkRows } from '../support/pdf-page-images';
import { parseReply, ReplyPipeline } from '../support/reply-pipeline';

const TOKEN = `cfTEST${'r3Ad'.repeat(18)}TOKEN`;
const FIXTURES = join(__dirname, '..', 'fixtures', 'attachments');

function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

/** A 1×1 transparent GIF, byte for byte what newsletters embed as a tracking pixel. */
const TRACKING_PIXEL = Buffer.from(
  '47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b',
  'hex',
);

let clearfacts: ClearfactsStandIn;
let pipeline: ReplyPipeline;

beforeAll(async () => {
  clearfacts = await startClearfactsStandIn({ token: TOKEN });
  const client = new ClearfactsClient({
    apiUrl: clearfacts.url,
    token: async () => TOKEN,
    sleep: async () => undefined,
  });
  pipeline = new ReplyPipeline({ uploadFile: (request) => client.uploadFile(request) });
});

afterAll(() => clearfacts.close());

/** Delivers one message with the given attachments; returns its report and what reached Clearfacts. */
async function deliver(
  attachments: { filename: string; content: Buffer; contentType?: string; cid?: string }[],
) {
  const before = clearfacts.uploads.length;
  const report = await pipeline.deliver(
    await composeMail({
      subject: 'Facturen',
      text: 'Zie bijlagen.',
      html: '<p>Zie bijlagen.</p><img src="cid:logo@acme.example"><img src="cid:banner@acme.example">',
      attachments,
    }),
  );
  return { report, uploads: clearfacts.uploads.slice(before) };
}

function reasons(report: MessageReport): Record<string, string | undefined> {
  return Object.fromEntries(
    report.documents.map((document) => [document.filename, document.reason ?? 'upload']),
  );
}

describe('PDFs: only what a reader cannot open is refused', () => {
  const READABLE = [
    'owner-only-rc4-40.pdf',
    'owner-only-rc4-128.pdf',
    'owner-only-aes-128.pdf',
    'owner-only-aes-256-r5.pdf',
    'owner-only-aes-256.pdf',
    'trailing-bytes.pdf',
    'broken-xref.pdf',
  ];
  let report: MessageReport;
  let uploads: ClearfactsStandIn['uploads'];

  beforeAll(async () => {
    ({ report, uploads } = await deliver(
      [...READABLE, 'user-password-rc4-128.pdf', 'password-protected.pdf', 'truncated.pdf'].map(
        (filename) => ({
          filename,
          content: fixture(filename),
          contentType: 'application/pdf',
        }),
      ),
    ));
  });

  it.each(READABLE)('uploads %s byte for byte as it came', (filename) => {
    const upload = uploads.find((candidate) => candidate.filename === filename);

    expect(upload?.file.type).toBe('application/pdf');
    expect(Buffer.from(upload?.file.bytes ?? []).equals(fixture(filename))).toBe(true);
  });

  it('refuses the PDFs that need a password and the one no reader opens, with the reason in the report', () => {
    expect(uploads.map((upload) => upload.filename).sort()).toEqual([...READABLE].sort());
    expect(reasons(report)).toEqual({
      ...Object.fromEntries(READABLE.map((filename) => [filename, 'upload'])),
      'user-password-rc4-128.pdf':
        'password-protected PDF: it needs a password to open, which Clearfacts cannot do; needs manual handling',
      'password-protected.pdf':
        'password-protected PDF: it needs a password to open, which Clearfacts cannot do; needs manual handling',
      'truncated.pdf':
        'truncated or corrupt PDF (it does not end with %%EOF; no reader can open it: Invalid PDF structure)',
    });
  });

  it('tells the sender which were not delivered and why', async () => {
    const reply = await parseReply(pipeline.replies.at(-1));

    expect(reply.text).toContain('user-password-rc4-128.pdf: not delivered: protected with a password');
    expect(reply.text).toContain('password-protected.pdf: not delivered: protected with a password');
    expect(reply.text).toContain('truncated.pdf: not delivered: the file is damaged or incomplete');
    expect(reply.text).toContain('owner-only-aes-256.pdf: delivered');
  });
});

describe('images: decided by their pixels', () => {
  let report: MessageReport;
  let uploads: ClearfactsStandIn['uploads'];

  beforeAll(async () => {
    ({ report, uploads } = await deliver([
      { filename: 'scan.tif', content: fixture('scan-g4-3-pages.tif'), contentType: 'image/tiff' },
      { filename: 'pixel.gif', content: TRACKING_PIXEL, contentType: 'image/gif' },
      {
        filename: 'logo.png',
        content: noisePng(120, 40, 9),
        contentType: 'image/png',
        cid: 'logo@acme.example',
      },
      { filename: 'signature.png', content: noisePng(120, 40, 10), contentType: 'image/png' },
      {
        filename: 'banner.png',
        content: noisePng(400, 150, 11),
        contentType: 'image/png',
        cid: 'banner@acme.example',
      },
    ]));
  });

  it('uploads a 6.7 KB three-page Group 4 fax scan as one three-page PDF that reads back the same', async () => {
    expect(fixture('scan-g4-3-pages.tif').length).toBeLessThan(10 * 1024);
    expect(uploads.map((upload) => [upload.filename, upload.file.type])).toEqual([
      ['scan.pdf', 'application/pdf'],
    ]);
    const pdf = Buffer.from(uploads[0]?.file.bytes ?? []);
    const pages = await decodedPageImages(pdf);

    expect(pages.map(({ width, height }) => [width, height])).toEqual([
      [1654, 2339],
      [1654, 2339],
      [1654, 2339],
    ]);
    // The scan's three lines of text and nothing else: ink in those bands only, on every page.
    for (const page of pages) {
      expect(inkRows(page, 200, 280)).toBeGreaterThan(10);
      expect(inkRows(page, 560, 620)).toBeGreaterThan(10);
      expect(inkRows(page, 1760, 1820)).toBeGreaterThan(10);
      expect(
        inkRows(page, 0, 200) +
          inkRows(page, 300, 540) +
          inkRows(page, 640, 1740) +
          inkRows(page, 1840, 2339),
      ).toBe(0);
    }
    // The page number differs: the pages are the TIFF's three, in order, not one repeated.
    expect(Buffer.from(pages[0]?.rows ?? []).equals(Buffer.from(pages[1]?.rows ?? []))).toBe(false);
    // Kept in its Group 4 coding: the PDF is about the TIFF's size, not the 18 KB of Flate.
    expect(pdf.length).toBeLessThan(10 * 1024);
  });

  it('skips the tracking pixel, the 120 × 40 signature logo (inline or attached) and a banner the body shows', () => {
    expect(reasons(report)).toEqual({
      'scan.pdf': 'upload',
      'pixel.gif': 'image of 1 × 1 pixels: a tracking pixel, icon or logo, not a document',
      'logo.png': 'image of 120 × 40 pixels: a tracking pixel, icon or logo, not a document',
      'signature.png': 'image of 120 × 40 pixels: a tracking pixel, icon or logo, not a document',
      'banner.png': 'image of 400 × 150 pixels shown in the message body (logo or signature image)',
    });
  });
});
