import type { SeededBytes } from './seeded-bytes';

/** A4 in PDF points. */
const PAGE_WIDTH = 595;
const PAGE_HEIGHT = 842;

/** Bytes every scan PDF carries besides its image samples (objects, xref, trailer), roughly. */
const PDF_OVERHEAD_BYTES = 900;

/**
 * A valid one-page PDF showing a grey-scale "scan" of about `size` bytes: an image XObject whose
 * samples are random bytes stored without a filter, so neither the PDF nor a ZIP of it compresses,
 * like a real scanner's JPEG. A line of text names it, so each scan is a distinct document.
 */
export function scannedPdf(random: SeededBytes, size: number, label: string): Buffer {
  const width = 1000;
  const height = Math.max(1, Math.floor(Math.max(0, size - PDF_OVERHEAD_BYTES) / width));
  const samples = random.bytes(width * height);
  const text = `BT /F1 10 Tf 36 20 Td (${label.replace(/[^A-Za-z0-9 .:-]/g, '?')}) Tj ET`;
  const content = `q ${PAGE_WIDTH} 0 0 ${PAGE_HEIGHT - 40} 0 40 cm /Im1 Do Q\n${text}`;
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = parts[0]?.length ?? 0;
  const add = (...chunks: (string | Buffer)[]): void => {
    offsets.push(length);
    for (const chunk of chunks) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
      parts.push(buffer);
      length += buffer.length;
    }
  };
  add('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
  add('2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n');
  add(
    `3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Contents 4 0 R ` +
      '/Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>\nendobj\n',
  );
  add(`4 0 obj\n<< /Length ${content.length} >>\nstream\n${content}\nendstream\nendobj\n`);
  add('5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n');
  add(
    `6 0 obj\n<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray ` +
      `/BitsPerComponent 8 /Length ${samples.length} >>\nstream\n`,
    samples,
    '\nendstream\nendobj\n',
  );
  const xref = length;
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  parts.push(
    Buffer.from(
      `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${entries}` +
        `trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(parts);
}
