import { PdfWriter } from '../convert/pdf-writer';

/** A4 in PDF points. */
const PAGE_WIDTH = 595;
const PAGE_HEIGHT = 842;
/** Left margin, first baseline and line spacing, in points. */
const MARGIN = 72;
const LINE_HEIGHT = 16;
const FONT_SIZE = 11;

/** PDF literal strings need `\`, `(` and `)` escaped; anything outside printable ASCII becomes `?`. */
export function escapePdfString(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (char) => `\\${char}`);
}

/**
 * A valid one-page A4 PDF showing `lines` in Helvetica (one of the 14 standard fonts, so
 * nothing is embedded), with a correct cross-reference table. Enough for a sample invoice
 * that PDF readers open and Clearfacts' recognition can read; the same lines give the same bytes.
 */
export function textPdf(lines: readonly string[]): Buffer {
  const text = lines
    .map(
      (line, index) =>
        `${index === 0 ? `${MARGIN} ${PAGE_HEIGHT - MARGIN} Td` : `0 -${LINE_HEIGHT} Td`} (${escapePdfString(line)}) Tj`,
    )
    .join('\n');
  return onePagePdf(`BT /F1 ${FONT_SIZE} Tf\n${text}\nET`);
}

/**
 * A valid one-page A4 PDF drawing the content `stream` with Helvetica as font `/F1` (one of the 14
 * standard fonts, so nothing is embedded), with a correct cross-reference table.
 */
export function onePagePdf(stream: string): Buffer {
  const writer = new PdfWriter();
  writer.add('<< /Type /Catalog /Pages 2 0 R >>');
  writer.add('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  writer.add(
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>`,
  );
  writer.add('<<', Buffer.from(stream, 'latin1'));
  writer.add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  return writer.finish(1);
}
