import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPdf } from '../../functions/documents/pdf-reader';
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
