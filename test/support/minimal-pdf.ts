/**
 * The five objects of a one-page PDF: catalog, page tree, page, content stream, font.
 * Helvetica is one of the 14 standard fonts, so nothing has to be embedded.
 */
function pdfObjects(text: string): string[] {
  const stream = `BT /F1 18 Tf 72 770 Td (${escapePdfString(text)}) Tj ET`;
  return [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
}

/** PDF literal strings need `\`, `(` and `)` escaped; anything outside printable ASCII becomes `?`. */
function escapePdfString(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (char) => `\\${char}`);
}

/**
 * A small but valid one-page A4 PDF showing `text`, with a correct cross-reference table.
 * The same text always gives the same bytes, so fixtures can use distinct texts to get
 * distinct files and tests can recompute the expected hash.
 */
export function minimalPdf(text: string): Buffer {
  // The second line is the customary binary comment that tells transfer tools the file is binary.
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  pdfObjects(text).forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefOffset = Buffer.byteLength(body, 'latin1');
  // Each cross-reference entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, CRLF-width end.
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${entries}`;
  body += `trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
