import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { pdfTextLines } from '../../functions/identity/pdf-text';

const ATTACHMENTS = join(__dirname, '..', 'fixtures', 'attachments');

async function pdfWith(draw: Array<[string, number, number]>): Promise<Buffer> {
  const document = await PDFDocument.create();
  const page = document.addPage([595, 842]);
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (const [text, x, y] of draw) page.drawText(text, { x, y, size: 10, font });
  return Buffer.from(await document.save());
}

describe('the text layer of a PDF', () => {
  it('reads pieces at one height as one line, left to right, with a tab between columns', async () => {
    const pdf = await pdfWith([
      ['2024-0012', 150, 700],
      ['Factuurnummer:', 50, 700],
      ['Totaal te betalen', 50, 600],
      ['€ 1.234,56', 400, 600],
    ]);
    const result = await pdfTextLines(pdf);
    expect(result).toEqual({
      ok: true,
      lines: [
        expect.objectContaining({ text: 'Factuurnummer:\t2024-0012' }),
        expect.objectContaining({ text: 'Totaal te betalen\t€ 1.234,56' }),
      ],
    });
  });

  it('says a PDF without text has no text layer', async () => {
    const document = await PDFDocument.create();
    document.addPage([595, 842]).drawRectangle({ x: 50, y: 50, width: 100, height: 100 });
    const result = await pdfTextLines(Buffer.from(await document.save()));
    expect(result).toEqual({ ok: false, reason: 'the PDF has no text layer (a scan?); no OCR is done' });
  });

  it('says why an encrypted PDF cannot be read', async () => {
    const result = await pdfTextLines(await readFile(join(ATTACHMENTS, 'password-protected.pdf')));
    expect(result).toEqual({ ok: false, reason: "the PDF's text cannot be read (No password given)" });
  });
});
