import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPdfDoubt, pdfRefusal } from '../../functions/documents/pdf-check';
import { minimalPdf } from '../support/minimal-pdf';

const FIXTURES = join(__dirname, '..', 'fixtures', 'attachments');

function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

describe('the byte checks on every PDF', () => {
  it('find nothing to doubt in a sound PDF, also with padding after %%EOF', () => {
    const pdf = minimalPdf('sound');

    expect(findPdfDoubt(pdf)).toBeUndefined();
    expect(findPdfDoubt(Buffer.concat([pdf, Buffer.alloc(3000), Buffer.from('\r\n')]))).toBeUndefined();
    expect(findPdfDoubt(fixture('invoice-3-pages.pdf'))).toBeUndefined();
  });

  it.each([
    'password-protected.pdf',
    'permissions-only.pdf',
    'owner-only-rc4-40.pdf',
    'owner-only-aes-256.pdf',
    'user-password-rc4-128.pdf',
  ])('doubt %s for its /Encrypt entry (made by qpdf)', (file) => {
    expect(findPdfDoubt(fixture(file))).toBe('it is encrypted');
  });

  it('find an /Encrypt dictionary written inline in the trailer', () => {
    const pdf = minimalPdf('inline')
      .toString('latin1')
      .replace('/Root 1 0 R', '/Root 1 0 R /Encrypt << /Filter /Standard >>');

    expect(findPdfDoubt(Buffer.from(pdf, 'latin1'))).toBe('it is encrypted');
  });

  it('do not mistake the /EncryptMetadata key for encryption', () => {
    // Written by minimalPdf as the page's text, so every offset stays right.
    const pdf = minimalPdf('/EncryptMetadata false');

    expect(pdf.includes('/EncryptMetadata')).toBe(true);
    expect(findPdfDoubt(pdf)).toBeUndefined();
  });

  it('doubt a PDF cut off in transfer, and one with bytes appended after %%EOF', () => {
    const pdf = minimalPdf('cut');

    expect(findPdfDoubt(pdf.subarray(0, pdf.length - 40))).toBe('it does not end with %%EOF');
    expect(findPdfDoubt(fixture('truncated.pdf'))).toBe('it does not end with %%EOF');
    expect(findPdfDoubt(fixture('trailing-bytes.pdf'))).toBe('it does not end with %%EOF');
  });

  it('doubt a startxref that points outside the file or not at a cross-reference section', () => {
    const pdf = minimalPdf('bad xref').toString('latin1');
    const outside = pdf.replace(/startxref\n\d+/, 'startxref\n999999');
    const elsewhere = pdf.replace(/startxref\n\d+/, 'startxref\n9');

    expect(findPdfDoubt(Buffer.from(outside, 'latin1'))).toBe('no valid startxref before %%EOF');
    expect(findPdfDoubt(Buffer.from(elsewhere, 'latin1'))).toBe('no valid startxref before %%EOF');
    expect(findPdfDoubt(fixture('broken-xref.pdf'))).toBe('no valid startxref before %%EOF');
  });
});

describe('the refusal after a reader has looked', () => {
  it('refuses only what needs a password or what no reader opens, and says which', () => {
    expect(pdfRefusal('it is encrypted', { outcome: 'opens', pages: 3 })).toBeUndefined();
    expect(pdfRefusal('it is encrypted', { outcome: 'needs-password' })).toBe(
      'password-protected PDF: it needs a password to open, which Clearfacts cannot do; needs manual handling',
    );
    expect(
      pdfRefusal('it does not end with %%EOF', {
        outcome: 'unreadable',
        detail: 'no reader can open it: Invalid PDF structure',
      }),
    ).toBe(
      'truncated or corrupt PDF (it does not end with %%EOF; no reader can open it: Invalid PDF structure)',
    );
  });
});
