import { ConversionError } from './conversion-error';
import { MAX_IMAGE_PIXELS } from './image-limits';

/** One decoded image or page: 8-bit RGBA pixels, row by row, and its resolution when the file says. */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
  /** Dots per inch, horizontally and vertically, when the file records them. */
  readonly dpi?: { readonly x: number; readonly y: number };
}

/** Pixels ready for a PDF image: 1-bit or 8-bit gray, or 8-bit RGB, packed row by row. */
export interface Samples {
  readonly colorSpace: 'DeviceGray' | 'DeviceRGB';
  readonly bitsPerComponent: 1 | 8;
  readonly data: Buffer;
}

/** Refuses dimensions that are not positive or exceed `MAX_IMAGE_PIXELS`, before anything is decoded. */
export function checkDimensions(width: number, height: number): void {
  if (!(width > 0 && height > 0 && Number.isInteger(width) && Number.isInteger(height))) {
    throw new ConversionError(`it declares impossible dimensions (${width} × ${height})`);
  }
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new ConversionError(
      `it is ${width} × ${height} pixels, over the limit of ${MAX_IMAGE_PIXELS / 1_000_000} megapixels`,
    );
  }
}

/**
 * Flattens transparency onto white paper, then stores the pixels as compactly as they allow
 * without losing any: black and white scans as 1 bit per pixel, gray as 8 bits, colour as RGB.
 * Works in place on `raster.rgba`.
 */
export function toSamples(raster: Raster): Samples {
  const { rgba, width, height } = raster;
  flattenOnWhite(rgba);
  let gray = true;
  let bilevel = true;
  for (let index = 0; index < rgba.length; index += 4) {
    const red = rgba[index];
    if (red !== rgba[index + 1] || red !== rgba[index + 2]) gray = false;
    else if (red !== 0 && red !== 255) bilevel = false;
  }
  if (gray && bilevel)
    return { colorSpace: 'DeviceGray', bitsPerComponent: 1, data: packBits(rgba, width, height) };
  if (gray) return { colorSpace: 'DeviceGray', bitsPerComponent: 8, data: channels(rgba, [0]) };
  return { colorSpace: 'DeviceRGB', bitsPerComponent: 8, data: channels(rgba, [0, 1, 2]) };
}

/** Blends transparent pixels onto white paper, in place, and makes every pixel opaque. */
export function flattenOnWhite(rgba: Uint8Array): void {
  for (let index = 3; index < rgba.length; index += 4) {
    const alpha = rgba[index] ?? 255;
    if (alpha === 255) continue;
    for (let channel = index - 3; channel < index; channel += 1) {
      rgba[channel] = Math.round(((rgba[channel] ?? 0) * alpha + 255 * (255 - alpha)) / 255);
    }
    rgba[index] = 255;
  }
}

/** Picks the given channels of every RGBA pixel. */
function channels(rgba: Uint8Array, picked: readonly number[]): Buffer {
  const out = Buffer.allocUnsafe((rgba.length / 4) * picked.length);
  let at = 0;
  for (let index = 0; index < rgba.length; index += 4) {
    for (const channel of picked) out[at++] = rgba[index + channel] ?? 0;
  }
  return out;
}

/** One bit per pixel, 1 for white, each row padded to a whole byte (PDF's 1-bit DeviceGray). */
function packBits(rgba: Uint8Array, width: number, height: number): Buffer {
  const rowBytes = Math.ceil(width / 8);
  const out = Buffer.alloc(rowBytes * height);
  for (let y = 0; y < height; y += 1) {
    let byte = 0;
    for (let x = 0; x < width; x += 1) {
      if (rgba[(y * width + x) * 4] === 255) byte |= 0x80 >> (x & 7);
      if ((x & 7) === 7 || x === width - 1) {
        out[y * rowBytes + (x >> 3)] = byte;
        byte = 0;
      }
    }
  }
  return out;
}
