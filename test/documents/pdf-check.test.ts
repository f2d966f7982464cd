import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPdfProblem } from '../../functions/documents/pdf-check';
import { minimalPdf } from '../support/minimal-pdf';

const FIXTURES = join(__dirname, '..', 'fixtures', 'attachments');
const ENCRYPTED = 'password-protected or encrypted PDF, which Clearfacts cannot read; needs manual handling';

describe('checking a PDF before upload', () => {
  it('passes a sound PDF, also with padding after %%EOF', () => {
    const pdf = minimalPdf('sound');

    expect(findPdfProblem(pdf)).toBeUndefined();
    expect(findPdfProblem(Buffer.concat([pdf, Buffer.alloc(3000), Buffer.from('\r\n')]))).toBeUndefined();
  });

  it.each(['password-protected.pdf', 'permissions-only.pdf'])(
    'finds the encryption of %s (made by qpdf)',
    (file) => {
      expect(findPdfProblem(readFileSync(join(FIXTURES, file)))).toBe(ENCRYPTED);
    },
  );

  it('finds an /Encrypt dictionary written inline in the trailer', () => {
    const pdf = minimalPdf('inline')
      .toString('latin1')
      .replace('/Root 1 0 R', '/Root 1 0 R /Encrypt << /Filter /Standard >>');

    expect(findPdfProblem(Buffer.from(pdf, 'latin1'))).toBe(ENCRYPTED);
  });

  it('does not mistake the /EncryptMetadata key for encryption', () => {
    const pdf = minimalPdf('metadata')
      .toString('latin1')
      .replace('/Type /Catalog', '/Type /Catalog /EncryptMetadata false');

    expect(findPdfProblem(Buffer.from(pdf, 'latin1'))).toBeUndefined();
  });

  it('finds a PDF cut off in transfer', () => {
    const pdf = minimalPdf('cut');

    expect(findPdfProblem(pdf.subarray(0, pdf.length - 40))).toBe(
      'truncated or corrupt PDF (it does not end with %%EOF)',
    );
  });

  it('finds a PDF whose startxref points outside the file', () => {
    const pdf = minimalPdf('bad xref')
      .toString('latin1')
      .replace(/startxref\n\d+/, 'startxref\n999999');

    expect(findPdfProblem(Buffer.from(pdf, 'latin1'))).toBe(
      'truncated or corrupt PDF (no valid startxref before %%EOF)',
    );
  });
});
