import { commonJsExports } from '../shared/common-js';
import { ConversionError } from './conversion-error';
import { checkDimensions, type Raster } from './raster';

/** Inches per metre: PNG records resolution in pixels per metre. */
const INCHES_PER_METRE = 39.3701;

/**
 * Decodes a PNG (any bit depth, palette, interlacing; 16-bit samples are scaled to 8) into RGBA,
 * with its `pHYs` resolution. zlib inflates natively, so even a large screenshot decodes fast.
 */
export async function decodePng(content: Buffer): Promise<Raster[]> {
  const { PNG } = commonJsExports<typeof import('pngjs')>(await import('pngjs'));
  if (content.length < 24) throw new ConversionError('it is truncated (no image header)');
  checkDimensions(content.readUInt32BE(16), content.readUInt32BE(20));
  const png = PNG.sync.read(content);
  const dpi = resolutionOf(content);
  return [{ width: png.width, height: png.height, rgba: png.data, ...(dpi === undefined ? {} : { dpi }) }];
}

/** Reads the `pHYs` chunk, which comes before the image data, when it is in metres. */
function resolutionOf(content: Buffer): Raster['dpi'] {
  for (let offset = 8; offset + 8 <= content.length; ) {
    const length = content.readUInt32BE(offset);
    const type = content.toString('latin1', offset + 4, offset + 8);
    if (type === 'IDAT' || offset + 12 + length > content.length) return undefined;
    if (type === 'pHYs' && length >= 9 && content[offset + 16] === 1) {
      return {
        x: content.readUInt32BE(offset + 8) / INCHES_PER_METRE,
        y: content.readUInt32BE(offset + 12) / INCHES_PER_METRE,
      };
    }
    offset += 12 + length;
  }
  return undefined;
}
