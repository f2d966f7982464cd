import { loadPdfjs } from '../../functions/documents/pdf-reader';

/** One page's image as a PDF reader decodes it: 1 bit per pixel rows, 1 for white. */
export interface DecodedPageImage {
  readonly width: number;
  readonly height: number;
  /** Rows of packed bits, each padded to a whole byte, 1 for white (after any `/Decode`). */
  readonly rows: Uint8Array;
}

/**
 * The image each page paints, decoded by pdf.js (the reader in Firefox, independent of the code that
 * wrote the PDF), whatever its filter: Flate, CCITTFax... Only 1-bit images are expected here.
 */
export async function decodedPageImages(pdf: Buffer): Promise<DecodedPageImage[]> {
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(pdf),
    isOffscreenCanvasSupported: false,
    verbosity: 0,
  });
  try {
    const document = await task.promise;
    const images: DecodedPageImage[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const operators = await page.getOperatorList();
      const at = operators.fnArray.indexOf(pdfjs.OPS.paintImageXObject);
      const id = operators.argsArray[at]?.[0] as string;
      const image = await new Promise<{ width: number; height: number; kind: number; data: Uint8Array }>(
        (resolve) => page.objs.get(id, resolve),
      );
      if (image.kind !== pdfjs.ImageKind.GRAYSCALE_1BPP)
        throw new Error(`page ${number} is not 1 bit per pixel`);
      images.push({ width: image.width, height: image.height, rows: image.data });
    }
    return images;
  } finally {
    await task.destroy();
  }
}

/** Rows from `from` to `to` (exclusive) holding at least one black pixel. */
export function inkRows(image: DecodedPageImage, from: number, to: number): number {
  const rowBytes = Math.ceil(image.width / 8);
  const padding = rowBytes * 8 - image.width;
  let rows = 0;
  for (let y = from; y < Math.min(to, image.height); y += 1) {
    const row = image.rows.subarray(y * rowBytes, (y + 1) * rowBytes);
    const black = row.some(
      (byte, index) => (index === rowBytes - 1 ? byte | ((1 << padding) - 1) : byte) !== 0xff,
    );
    if (black) rows += 1;
  }
  return rows;
}
