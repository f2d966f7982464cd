import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';
import PDFParser from 'pdf2json';

/** The text of a PDF, page after page, as a reader would copy it (pdf2json, pure JavaScript). */
export function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParser(null, true);
  return new Promise((resolve, reject) => {
    parser.on('pdfParser_dataError', (error) => reject(error.parserError));
    parser.on('pdfParser_dataReady', () => resolve(parser.getRawTextContent()));
    parser.parseBuffer(pdf, 0);
  });
}

/** An image a PDF holds: an XObject of subtype Image, with its size in pixels. */
export interface PdfImage {
  readonly width: number;
  readonly height: number;
}

/** Every image XObject in a PDF (Chromium writes them as plain indirect objects). */
export async function pdfImages(pdf: Buffer): Promise<PdfImage[]> {
  const document = await PDFDocument.load(pdf);
  const images: PdfImage[] = [];
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    const dict =
      object instanceof PDFRawStream ? object.dict : object instanceof PDFDict ? object : undefined;
    if (dict?.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
    images.push({ width: numberIn(dict, 'Width'), height: numberIn(dict, 'Height') });
  }
  return images;
}

/** A4 in PDF points: 210 × 297 mm. */
const A4 = { width: 595.28, height: 841.89 };

/** Whether every page is A4, within the point or so Chromium rounds its paper sizes to. */
export async function allPagesA4(pdf: Buffer): Promise<boolean> {
  const document = await PDFDocument.load(pdf);
  return document.getPages().every((page) => {
    const { width, height } = page.getSize();
    return Math.abs(width - A4.width) < 2 && Math.abs(height - A4.height) < 2;
  });
}

function numberIn(dict: PDFDict, key: string): number {
  const value = dict.get(PDFName.of(key));
  return value instanceof PDFNumber ? value.asNumber() : Number.NaN;
}
