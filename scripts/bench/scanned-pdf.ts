import { PdfWriter } from '../../functions/convert/pdf-writer';
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
  const writer = new PdfWriter();
  writer.add('<< /Type /Catalog /Pages 2 0 R >>');
  writer.add('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  writer.add(
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Contents 4 0 R ` +
      '/Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>',
  );
  writer.add('<<', Buffer.from(content, 'latin1'));
  writer.add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  writer.add(
    `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8`,
    samples,
  );
  return writer.finish(1);
}
