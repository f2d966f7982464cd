import { imageSize } from 'image-size';
import type { DetectedType } from './document';
import { tiffPages } from './tiff-pages';

/** An image's size as its header declares it, without decoding a pixel. */
export interface ImageGeometry {
  /** Width of the (first) page, in pixels. */
  readonly width: number;
  /** Height of the (first) page, in pixels. */
  readonly height: number;
  /** Pages: more than one only for a multi-page TIFF. */
  readonly pages: number;
}

/**
 * The declared size of a JPEG, PNG, GIF, BMP, WEBP, HEIC or TIFF, read from its header (image-size,
 * plus the TIFF directory chain for the page count), or `undefined` when the header cannot be
 * read: the converter or the JPEG check then says what is wrong with the file.
 */
export function imageGeometry(type: DetectedType, content: Buffer): ImageGeometry | undefined {
  if (type === 'tiff') {
    const pages = tiffPages(content);
    const first = pages[0];
    if (first === undefined || !(first.width > 0 && first.height > 0)) return undefined;
    return { width: first.width, height: first.height, pages: pages.length };
  }
  try {
    const { width, height } = imageSize(content);
    return width > 0 && height > 0 ? { width, height, pages: 1 } : undefined;
  } catch {
    // image-size throws on a header it cannot read; that is a fact for the converter to report.
    return undefined;
  }
}
