import { commonJsExports } from '../shared/common-js';
import { ConversionError } from './conversion-error';
import { checkDimensions, type Raster } from './raster';

/** A decoded WEBP and whether it was lossy (a photo: converted to JPEG) or lossless (to PDF). */
export interface DecodedWebp {
  readonly lossy: boolean;
  readonly raster: Raster;
}

/**
 * Decodes a still WEBP (libwebp compiled to WebAssembly) after reading its dimensions from the
 * header, so a small file declaring a huge canvas is refused before the decoder allocates it.
 */
export async function decodeWebp(content: Buffer): Promise<DecodedWebp> {
  const header = readHeader(content);
  checkDimensions(header.width, header.height);
  const { decode } = commonJsExports<typeof import('@cwasm/webp')>(await import('@cwasm/webp'));
  const image = decode(content);
  const rgba = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return { lossy: header.lossy, raster: { width: image.width, height: image.height, rgba } };
}

/** The canvas size and compression from the first chunk: `VP8 ` (lossy), `VP8L` (lossless) or `VP8X` (extended). */
function readHeader(content: Buffer): { width: number; height: number; lossy: boolean } {
  if (content.length < 30) throw new ConversionError('it is truncated (no WEBP header)');
  const chunk = content.toString('latin1', 12, 16);
  const data = 20;
  if (chunk === 'VP8 ') {
    return {
      width: content.readUInt16LE(data + 6) & 0x3fff,
      height: content.readUInt16LE(data + 8) & 0x3fff,
      lossy: true,
    };
  }
  if (chunk === 'VP8L') {
    const bits = content.readUInt32LE(data + 1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, lossy: false };
  }
  if (chunk === 'VP8X') {
    const width = content.readUIntLE(data + 4, 3) + 1;
    const height = content.readUIntLE(data + 7, 3) + 1;
    // Extended files hold a `VP8L` chunk when lossless; lossy ones (with or without alpha) do not.
    return { width, height, lossy: !content.includes('VP8L', data) };
  }
  throw new ConversionError(`it has an unknown WEBP chunk "${chunk}"`);
}
