import { encode as encodeJpeg } from 'jpeg-js';
import { GifWriter } from 'omggif';

/**
 * Deterministic images of every format the converters read, made in memory so tests need no
 * binary fixtures for them. Pixels are pseudo-random noise, which does not compress: each file
 * is comfortably above the 10 KB below which images count as icons.
 */

/** `width` × `height` RGBA noise; the same seed always gives the same pixels. */
export function noiseRgba(width: number, height: number, seed = 1): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  let state = seed >>> 0;
  for (let index = 0; index < rgba.length; index += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    rgba[index] = index % 4 === 3 ? 255 : state >>> 24;
  }
  return rgba;
}

/** A baseline JPEG photo of noise. */
export function noiseJpeg(width: number, height: number, seed = 1): Buffer {
  return encodeJpeg({ data: noiseRgba(width, height, seed), width, height }, 90).data;
}

/** A GIF of noise over a 256-colour grey palette. */
export function noiseGif(width: number, height: number, seed = 1): Buffer {
  const palette = Array.from({ length: 256 }, (_, level) => (level << 16) | (level << 8) | level);
  const rgba = noiseRgba(width, height, seed);
  const indices = Array.from({ length: width * height }, (_, pixel) => rgba[pixel * 4] ?? 0);
  const out = Buffer.alloc(width * height * 2 + 1024);
  const writer = new GifWriter(out, width, height, { palette });
  writer.addFrame(0, 0, width, height, indices);
  return out.subarray(0, writer.end());
}

/** A 24-bit bottom-up BMP of noise, 300 dpi. */
export function noiseBmp(width: number, height: number, seed = 1): Buffer {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + rowBytes * height, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(width, 18);
  header.writeInt32LE(height, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  header.writeInt32LE(11811, 38); // 300 dpi in pixels per metre
  header.writeInt32LE(11811, 42);
  const rgba = noiseRgba(width, height, seed);
  const pixels = Buffer.alloc(rowBytes * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const from = ((height - 1 - y) * width + x) * 4;
      const to = y * rowBytes + x * 3;
      pixels[to] = rgba[from + 2] ?? 0;
      pixels[to + 1] = rgba[from + 1] ?? 0;
      pixels[to + 2] = rgba[from] ?? 0;
    }
  }
  return Buffer.concat([header, pixels]);
}

/** One page of a TIFF: its size and whether it is black and white (1 bit) or RGB noise. */
export interface TiffPage {
  readonly width: number;
  readonly height: number;
  readonly bilevel?: boolean;
}

/**
 * A baseline little-endian TIFF with one uncompressed strip per page, 200 dpi: RGB noise, or
 * black-and-white stripes (1 bit, WhiteIsZero as fax scanners write it).
 */
export function sampleTiff(pages: readonly TiffPage[], seed = 1): Buffer {
  const chunks: Buffer[] = [Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0])];
  let offset = 8;
  pages.forEach((page, index) => {
    const pixels = page.bilevel ? stripes(page) : rgbNoise(page, seed + index);
    const entries = 11;
    const ifdSize = 2 + entries * 12 + 4;
    const extra = offset + ifdSize; // BitsPerSample (3 shorts) then the two resolutions (rationals)
    const bitsAt = extra;
    const resolutionAt = extra + 8;
    const dataAt = resolutionAt + 16;
    const last = index === pages.length - 1;
    const nextIfd = last ? 0 : dataAt + pixels.length;
    const ifd = Buffer.alloc(ifdSize + 8 + 16);
    ifd.writeUInt16LE(entries, 0);
    const tags: Array<[number, number, number, number]> = [
      [256, 4, 1, page.width],
      [257, 4, 1, page.height],
      page.bilevel ? [258, 3, 1, 1] : [258, 3, 3, bitsAt],
      [259, 3, 1, 1],
      [262, 3, 1, page.bilevel ? 0 : 2],
      [273, 4, 1, dataAt],
      [277, 3, 1, page.bilevel ? 1 : 3],
      [278, 4, 1, page.height],
      [279, 4, 1, pixels.length],
      [282, 5, 1, resolutionAt],
      [283, 5, 1, resolutionAt + 8],
    ];
    tags.forEach(([tag, type, count, value], entry) => {
      const at = 2 + entry * 12;
      ifd.writeUInt16LE(tag, at);
      ifd.writeUInt16LE(type, at + 2);
      ifd.writeUInt32LE(count, at + 4);
      if (type === 3 && count === 1) ifd.writeUInt16LE(value, at + 8);
      else ifd.writeUInt32LE(value, at + 8);
    });
    ifd.writeUInt32LE(nextIfd, 2 + entries * 12);
    for (const channel of [0, 1, 2]) ifd.writeUInt16LE(8, ifdSize + channel * 2);
    for (const at of [0, 8]) {
      ifd.writeUInt32LE(200, ifdSize + 8 + at);
      ifd.writeUInt32LE(1, ifdSize + 8 + at + 4);
    }
    chunks.push(ifd, pixels);
    offset = dataAt + pixels.length;
  });
  return Buffer.concat(chunks);
}

function rgbNoise(page: TiffPage, seed: number): Buffer {
  const rgba = noiseRgba(page.width, page.height, seed);
  return Buffer.from(rgba.filter((_, index) => index % 4 !== 3));
}

/** Horizontal black and white stripes, 1 bit per pixel, rows padded to whole bytes. */
function stripes(page: TiffPage): Buffer {
  const rowBytes = Math.ceil(page.width / 8);
  const rows = Array.from({ length: page.height }, (_, y) =>
    Buffer.alloc(rowBytes, (y >> 3) % 2 ? 0xff : 0x00),
  );
  return Buffer.concat(rows);
}
