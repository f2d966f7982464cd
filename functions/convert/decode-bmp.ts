import { ConversionError } from './conversion-error';
import { checkDimensions, type Raster } from './raster';

/** `biCompression` values we decode: uncompressed, and uncompressed with channel bit masks. */
const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;

/** The OS/2 core header (12 bytes) uses 16-bit sizes and 3-byte palette entries. */
const CORE_HEADER_SIZE = 12;

/** Inches per metre: BMP records resolution in pixels per metre. */
const INCHES_PER_METRE = 39.3701;

interface Header {
  width: number;
  height: number;
  topDown: boolean;
  bits: number;
  compression: number;
  masks: readonly [number, number, number];
  palette: Uint8Array[];
  dpi?: { x: number; y: number };
}

/**
 * Decodes a Windows bitmap: 1, 4 and 8 bits with a palette, 16, 24 and 32 bits, uncompressed
 * or with bit masks, bottom-up or top-down. RLE-compressed bitmaps (rare, and never what a
 * scanner writes) are refused with a reason.
 */
export function decodeBmp(content: Buffer): Raster[] {
  const header = readHeader(content);
  const { width, height, bits } = header;
  const rowBytes = Math.ceil((width * bits) / 32) * 4;
  const dataStart = content.readUInt32LE(10);
  if (dataStart + rowBytes * height > content.length) throw new ConversionError('it is truncated');
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    const row = dataStart + (header.topDown ? y : height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x += 1) writePixel(content, row, x, header, rgba, (y * width + x) * 4);
  }
  return [{ width, height, rgba, ...(header.dpi === undefined ? {} : { dpi: header.dpi }) }];
}

function readHeader(content: Buffer): Header {
  if (content.length < 26) throw new ConversionError('it is truncated (no bitmap header)');
  const size = content.readUInt32LE(14);
  const core = size === CORE_HEADER_SIZE;
  const width = core ? content.readUInt16LE(18) : content.readInt32LE(18);
  const rawHeight = core ? content.readUInt16LE(20) : content.readInt32LE(22);
  const bits = content.readUInt16LE(core ? 24 : 28);
  const compression = core ? BI_RGB : content.readUInt32LE(30);
  checkDimensions(width, Math.abs(rawHeight));
  if (![1, 4, 8, 16, 24, 32].includes(bits)) throw new ConversionError(`it uses ${bits} bits per pixel`);
  if (![BI_RGB, BI_BITFIELDS, BI_ALPHABITFIELDS].includes(compression)) {
    throw new ConversionError(`it uses BMP compression ${compression} (RLE), which is not supported`);
  }
  const masks = compression === BI_RGB ? defaultMasks(bits) : readMasks(content, size);
  const paletteStart = 14 + size + (compression !== BI_RGB && size === 40 ? 12 : 0);
  const paletteSize = bits <= 8 ? (core ? 1 << bits : content.readUInt32LE(46) || 1 << bits) : 0;
  const entry = core ? 3 : 4;
  const palette: Uint8Array[] = [];
  for (let index = 0; index < Math.min(paletteSize, 256); index += 1) {
    const at = paletteStart + index * entry;
    if (at + 3 > content.length) throw new ConversionError('it is truncated (palette)');
    palette.push(Uint8Array.of(content[at + 2] ?? 0, content[at + 1] ?? 0, content[at] ?? 0, 255));
  }
  const ppm = core ? 0 : content.readInt32LE(38);
  const dpi =
    ppm > 0 ? { x: ppm / INCHES_PER_METRE, y: content.readInt32LE(42) / INCHES_PER_METRE } : undefined;
  return {
    width,
    height: Math.abs(rawHeight),
    topDown: rawHeight < 0,
    bits,
    compression,
    masks,
    palette,
    ...(dpi === undefined ? {} : { dpi }),
  };
}

function defaultMasks(bits: number): readonly [number, number, number] {
  return bits === 16 ? [0x7c00, 0x03e0, 0x001f] : [0xff0000, 0x00ff00, 0x0000ff];
}

/** Masks follow a 40-byte header, or are part of the V2 to V5 headers at the same place. */
function readMasks(content: Buffer, size: number): readonly [number, number, number] {
  if (size !== 40 && size < 52) throw new ConversionError('its bit masks are missing');
  if (content.length < 66) throw new ConversionError('it is truncated (bit masks)');
  return [content.readUInt32LE(54), content.readUInt32LE(58), content.readUInt32LE(62)];
}

/** Writes the RGBA value of pixel `x` of the row starting at `row` into `rgba` at `at`. */
function writePixel(
  content: Buffer,
  row: number,
  x: number,
  header: Header,
  rgba: Uint8Array,
  at: number,
): void {
  const { bits, palette, masks } = header;
  if (bits <= 8) {
    const byte = content[row + Math.floor((x * bits) / 8)] ?? 0;
    const index = (byte >> (8 - bits - ((x * bits) % 8))) & ((1 << bits) - 1);
    const colour = palette[index];
    if (colour === undefined) throw new ConversionError('a pixel refers past the end of its palette');
    rgba.set(colour, at);
    return;
  }
  if (bits === 24) {
    const from = row + x * 3;
    rgba[at] = content[from + 2] ?? 0;
    rgba[at + 1] = content[from + 1] ?? 0;
    rgba[at + 2] = content[from] ?? 0;
  } else {
    const value = bits === 16 ? content.readUInt16LE(row + x * 2) : content.readUInt32LE(row + x * 4);
    rgba[at] = channel(value, masks[0]);
    rgba[at + 1] = channel(value, masks[1]);
    rgba[at + 2] = channel(value, masks[2]);
  }
  rgba[at + 3] = 255;
}

/** Extracts a channel by its mask and scales it to 8 bits. */
function channel(value: number, mask: number): number {
  if (mask === 0) return 0;
  const shift = 31 - Math.clz32(mask & -mask);
  const max = mask >>> shift;
  return Math.round((((value & mask) >>> shift) * 255) / max);
}
