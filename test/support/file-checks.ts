import { PDFDocument } from 'pdf-lib';

/** Whether the bytes start like a PDF (`%PDF-`). */
export function isPdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
}

/** Whether the bytes start and end like a JPEG (SOI ... EOI). */
export function isJpeg(bytes: Uint8Array): boolean {
  return (
    bytes[0] === 0xff &&
    bytes[1] === 0xd8 &&
    bytes[2] === 0xff &&
    bytes.at(-2) === 0xff &&
    bytes.at(-1) === 0xd9
  );
}

/** The pages of a PDF as an independent reader (pdf-lib) sees them: count and sizes in points. */
export async function pdfPages(bytes: Uint8Array): Promise<Array<{ width: number; height: number }>> {
  const document = await PDFDocument.load(bytes);
  return document.getPages().map((page) => page.getSize());
}
