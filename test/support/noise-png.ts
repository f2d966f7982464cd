import { crc32 } from 'node:zlib';

/** Deflate's stored blocks hold at most 65535 bytes each. */
const MAX_STORED_BLOCK = 0xffff;

/** Adler-32's modulus, the largest prime below 2^16. */
const ADLER_MODULUS = 65521;

/**
 * A valid RGB PNG of `width` × `height` pseudo-random pixels. The same seed always gives
 * the same bytes: the pixels come from a fixed generator and the zlib stream is written by
 * hand with stored (uncompressed) blocks, so no zlib version can change the output. Noise
 * does not compress anyway, so the file is about 3 bytes per pixel: handy for a size threshold.
 */
export function noisePng(width: number, height: number, seed = 1): Buffer {
  let state = seed >>> 0;
  const rows: number[] = [];
  for (let y = 0; y < height; y += 1) {
    rows.push(0); // filter type "none" for this row
    for (let x = 0; x < width * 3; x += 1) {
      // A 32-bit linear congruential generator (Numerical Recipes constants).
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      rows.push(state >>> 24);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', storedZlib(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A zlib stream of stored deflate blocks followed by the Adler-32 of the data. */
function storedZlib(data: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0x78, 0x01])];
  for (let offset = 0; offset === 0 || offset < data.length; offset += MAX_STORED_BLOCK) {
    const block = data.subarray(offset, offset + MAX_STORED_BLOCK);
    const head = Buffer.alloc(5);
    head[0] = offset + MAX_STORED_BLOCK >= data.length ? 1 : 0; // BFINAL on the last block, BTYPE 00
    head.writeUInt16LE(block.length, 1);
    head.writeUInt16LE(~block.length & 0xffff, 3);
    parts.push(head, block);
  }
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % ADLER_MODULUS;
    b = (b + a) % ADLER_MODULUS;
  }
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((b << 16) | a) >>> 0);
  parts.push(adler);
  return Buffer.concat(parts);
}
