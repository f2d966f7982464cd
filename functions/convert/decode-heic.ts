import { commonJsExports } from '../shared/common-js';
import { ConversionError } from './conversion-error';
import { checkDimensions, type Raster } from './raster';

/** What `heic-decode`'s `all` lists: each image's size before its pixels are decoded. */
interface HeifImage {
  readonly width: number;
  readonly height: number;
  decode(): Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
}

/** heic-decode's decoder (its `lib.js`), over a libheif instance. */
interface HeicDecoder {
  all(input: { buffer: Uint8Array }): Promise<HeifImage[] & { dispose(): void }>;
}

let decoder: Promise<HeicDecoder> | undefined;

/**
 * libheif's WebAssembly build, started once per process. It reads `libheif.wasm` from beside its
 * own code: in node_modules, or beside the Lambda bundle (the stack copies it there). heic-decode's
 * own entry would load the build that inlines the same 1.4 MB of WebAssembly as base64, which then
 * sits in the function's bundle and is parsed at every cold start.
 */
function heicDecoder(): Promise<HeicDecoder> {
  decoder ??= (async () => {
    const createLibheif = commonJsExports<() => unknown>(await import('libheif-js/libheif-wasm/libheif.js'));
    const overLibheif = commonJsExports<(libheif: unknown) => HeicDecoder>(
      await import('heic-decode/lib.js'),
    );
    return overLibheif(createLibheif());
  })().catch((error: unknown) => {
    decoder = undefined;
    throw error;
  });
  return decoder;
}

/**
 * Decodes the primary image of a HEIC/HEIF photo (libheif compiled to WebAssembly). The size is
 * checked from the container before the pixels are decoded. Only the first image is kept:
 * what a phone saves is one photo, plus thumbnails and depth maps that are not pages.
 */
export async function decodeHeic(content: Buffer): Promise<Raster> {
  const images = await (await heicDecoder()).all({ buffer: content });
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
