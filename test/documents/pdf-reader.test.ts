import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PdfWriter } from '../../functions/convert/pdf-writer';
import { COLLECT_AFTER_COPY_BYTES, readPdf } from '../../functions/documents/pdf-reader';
import { pdfTextLines } from '../../functions/identity/pdf-text';
import { collectGarbage } from '../../functions/shared/collect-garbage';
import { minimalPdf } from '../support/minimal-pdf';

const FIXTURES = join(__dirname, '..', 'fixtures', 'attachments');

function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

describe('opening a doubted PDF with a reader (pdf.js)', () => {
  it.each([
    ['owner-only-rc4-40.pdf', 'RC4 40-bit, revision 2'],
    ['owner-only-rc4-128.pdf', 'RC4 128-bit, revision 3'],
    ['owner-only-aes-128.pdf', 'AES-128, revision 4'],
    ['owner-only-aes-256-r5.pdf', 'AES-256, revision 5'],
    ['owner-only-aes-256.pdf', 'AES-256, revision 6'],
  ])('opens %s (%s) without a password: only an owner password restricts it', async (file) => {
    await expect(readPdf(fixture(file))).resolves.toEqual({ outcome: 'opens', pages: 3 });
  });

  it.each(['user-password-rc4-128.pdf', 'password-protected.pdf'])(
    'finds that %s needs a password to open',
    async (file) => {
      await expect(readPdf(fixture(file))).resolves.toEqual({ outcome: 'needs-password' });
    },
  );

  it('opens a PDF followed by bytes a mail gateway appended, and one whose xref must be rebuilt', async () => {
    await expect(readPdf(fixture('trailing-bytes.pdf'))).resolves.toEqual({ outcome: 'opens', pages: 3 });
    await expect(readPdf(fixture('broken-xref.pdf'))).resolves.toEqual({ outcome: 'opens', pages: 3 });
  });

  it('cannot open a PDF cut off in the middle, and says what the reader found', async () => {
    await expect(readPdf(fixture('truncated.pdf'))).resolves.toEqual({
      outcome: 'unreadable',
      detail: 'no reader can open it: Invalid PDF structure',
    });
  });

  it('finds a page whose object is missing', async () => {
    // The page tree's second kid names a generation of object 4 the file does not have (same length, so every offset holds): the document opens, that page does not.
    const pdf = fixture('invoice-3-pages.pdf').toString('latin1').replace('[ 3 0 R 4 0 R', '[ 3 0 R 4 9 R');

    const reading = await readPdf(Buffer.from(pdf, 'latin1'));

    expect(reading).toMatchObject({ outcome: 'unreadable' });
    expect(reading.outcome === 'unreadable' && reading.detail).toMatch(/^page \d of \d cannot be read: /);
  });

  it('leaves the bytes it was given untouched', async () => {
    const pdf = fixture('owner-only-aes-256.pdf');
    const before = Buffer.from(pdf);

    await readPdf(pdf);

    expect(pdf.equals(before)).toBe(true);
  });

  it('opens a sound PDF as the control of the cases above', async () => {
    await expect(readPdf(minimalPdf('control'))).resolves.toEqual({ outcome: 'opens', pages: 1 });
  });
});

describe("pdf.js's copy of a document", () => {
  /** A one-page PDF with a line of text and an unfiltered image of about `bytes` bytes, like a scan. */
  function scan(bytes: number): Buffer {
    const width = 1024;
    const height = Math.ceil(bytes / width);
    const writer = new PdfWriter();
    writer.add('<< /Type /Catalog /Pages 2 0 R >>');
    writer.add('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
    writer.add(
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R ' +
        '/Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>',
    );
    writer.add(
      '<<',
      Buffer.from('q 595 0 0 800 0 42 cm /Im1 Do Q\nBT /F1 10 Tf 36 20 Td (Scan 2026-17) Tj ET'),
    );
    writer.add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
    writer.add(
      `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8`,
      Buffer.alloc(width * height, 0x80),
    );
    return writer.finish(1);
  }

  const scope = globalThis as { gc?: unknown };
  let collections = 0;
  beforeEach(() => {
    collections = 0;
    scope.gc = () => {
      collections += 1;
    };
  });
  afterEach(() => {
    delete scope.gc;
  });

  it('is collected as soon as either reader is done with a large document', async () => {
    const large = scan(COLLECT_AFTER_COPY_BYTES);
    expect(large.byteLength).toBeGreaterThanOrEqual(COLLECT_AFTER_COPY_BYTES);

    await expect(readPdf(large)).resolves.toEqual({ outcome: 'opens', pages: 1 });
    expect(collections).toBe(1);
    const text = await pdfTextLines(large);
    expect(text.ok && text.lines.map((line) => line.text)).toEqual(['Scan 2026-17']);
    expect(collections).toBe(2);
  });

  it('is left to V8 for a smaller document', async () => {
    const smaller = scan(COLLECT_AFTER_COPY_BYTES - 64 * 1024);
    expect(smaller.byteLength).toBeLessThan(COLLECT_AFTER_COPY_BYTES);

    await expect(readPdf(smaller)).resolves.toEqual({ outcome: 'opens', pages: 1 });
    await pdfTextLines(smaller);
    expect(collections).toBe(0);
  });

  it('is collected only where the runtime exposes gc (Lambda starts node with --expose-gc)', () => {
    expect(collectGarbage()).toBe(true);
    expect(collections).toBe(1);
    delete scope.gc;
    expect(collectGarbage()).toBe(false);
  });
});
