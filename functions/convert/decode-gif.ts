import { commonJsExports } from '../shared/common-js';
import { checkDimensions, type Raster } from './raster';

/**
 * Decodes the first frame of a GIF into RGBA; transparent pixels stay transparent and become
 * white paper later. An animated GIF is not an invoice, so later frames are not read.
 */
export async function decodeGif(content: Buffer): Promise<Raster[]> {
  const { GifReader } = commonJsExports<typeof import('omggif')>(await import('omggif'));
  const reader = new GifReader(content);
  checkDimensions(reader.width, reader.height);
  const rgba = new Uint8Array(reader.width * reader.height * 4);
  reader.decodeAndBlitFrameRGBA(0, rgba);
  return [{ width: reader.width, height: reader.height, rgba }];
}
