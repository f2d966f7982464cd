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
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>`,
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  // The second line is the customary binary comment that tells transfer tools the file is binary.
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefOffset = Buffer.byteLength(body, 'latin1');
  // Each cross-reference entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, two-byte end.
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${entries}`;
  body += `trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
