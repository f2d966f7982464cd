import type { CcittPage } from './ccitt-page';
import { ConversionError } from './conversion-error';
import type { Raster } from './raster';

/** Image formats converted to something Clearfacts accepts. */
export type ConvertibleType = 'png' | 'gif' | 'bmp' | 'webp' | 'tiff' | 'heic';

/** The converted file: a PDF (lossless images, one page per image page) or a JPEG (photos). */
export interface ConvertedImage {
  readonly type: 'pdf' | 'jpeg';
  readonly content: Buffer;
}

/** What a decoder produced: pages for a PDF, or one photo for a JPEG. */
type Decoded =
  | { readonly photo: false; readonly pages: Iterable<Raster | CcittPage> }
  | { readonly photo: true; readonly raster: Raster };

/**
 * Converts an image Clearfacts does not accept into one it does, keeping every pixel: PNG, GIF,
 * BMP, TIFF (every page) and lossless WEBP become a PDF with the pixels stored losslessly; HEIC
 * and lossy WEBP photos become a JPEG. Each decoder, and the library behind it, is imported
 * only when a message holds that format. Throws `ConversionError` with a reason.
 */
export async function convertImage(
  type: ConvertibleType,
  content: Buffer,
  pages: PageMeter = { beforePage: () => undefined },
): Promise<ConvertedImage> {
  try {
    pages.beforePage();
    const decoded = await decode(type, content, pages);
    if (decoded.photo) {
      const { rasterJpeg } = await import('./raster-jpeg');
      return { type: 'jpeg', content: await rasterJpeg(decoded.raster) };
    }
    const { rasterPdf } = await import('./raster-pdf');
    return { type: 'pdf', content: rasterPdf(decoded.pages) };
  } catch (error) {
    if (error instanceof ConversionError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConversionError(`it is corrupt or truncated (${detail})`, { cause: error });
  }
}

/** Asked before the image, and before each further page of a TIFF, is decoded (the message's work budget); throws to stop. */
export interface PageMeter {
  beforePage(): void;
}

async function decode(type: ConvertibleType, content: Buffer, meter: PageMeter): Promise<Decoded> {
  switch (type) {
    case 'png':
      return { photo: false, pages: await (await import('./decode-png')).decodePng(content) };
    case 'gif':
      return { photo: false, pages: await (await import('./decode-gif')).decodeGif(content) };
    case 'bmp':
      return { photo: false, pages: (await import('./decode-bmp')).decodeBmp(content) };
    case 'tiff':
      return { photo: false, pages: await (await import('./decode-tiff')).decodeTiff(content, meter) };
    case 'webp': {
      const { lossy, raster } = await (await import('./decode-webp')).decodeWebp(content);
      return lossy ? { photo: true, raster } : { photo: false, pages: [raster] };
    }
    case 'heic':
      return { photo: true, raster: await (await import('./decode-heic')).decodeHeic(content) };
  }
}
