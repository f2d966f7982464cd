import { commonJsExports } from '../shared/common-js';
import { ConversionError } from './conversion-error';
import { checkDimensions, type Raster } from './raster';

/** What `heic-decode`'s `all` lists: each image's size before its pixels are decoded. */
interface HeifImage {
  readonly width: number;
  readonly height: number;
  decode(): Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
}

/**
 * Decodes the primary image of a HEIC/HEIF photo (libheif compiled to WebAssembly). The size is
 * checked from the container before the pixels are decoded. Only the first image is kept:
 * what a phone saves is one photo, plus thumbnails and depth maps that are not pages.
 */
export async function decodeHeic(content: Buffer): Promise<Raster> {
  const decodeHeif = commonJsExports<typeof import('heic-decode')>(await import('heic-decode'));
  const images = (await decodeHeif.all({ buffer: content })) as unknown as HeifImage[] & { dispose(): void };
  try {
    const primary = images[0];
    if (primary === undefined) throw new ConversionError('it holds no image');
    checkDimensions(primary.width, primary.height);
    const image = await primary.decode();
    const rgba = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
    return { width: image.width, height: image.height, rgba };
  } finally {
    images.dispose();
  }
}
