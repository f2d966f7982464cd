/** JPEG markers (ITU T.81 table B.1). */
const SOS = 0xda;
const EOI = Buffer.from([0xff, 0xd9]);

/** Markers without a length field: SOI, TEM and the restart markers. */
const STANDALONE = new Set([0x01, 0xd8, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7]);

/** Start-of-frame markers: C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/**
 * Why a JPEG cannot be read, or `undefined` when it looks sound: the header segments are walked
 * up to the start of the scan (a few hundred bytes to a few KB of EXIF), a frame header must
 * come before it, and an end-of-image marker must follow it. A photo cut off in transfer has
 * no end-of-image marker; the pixel data itself is not decoded.
 */
export function findJpegProblem(content: Buffer): string | undefined {
  let offset = 2;
  let frame = false;
  while (offset + 4 <= content.length) {
    if (content[offset] !== 0xff) return 'corrupt JPEG (its header segments are broken)';
    const marker = content[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (STANDALONE.has(marker)) {
      offset += 2;
      continue;
    }
    if (marker === SOS) {
      if (!frame) return 'corrupt JPEG (no frame header before the image data)';
      return content.lastIndexOf(EOI) > offset ? undefined : 'truncated JPEG (no end-of-image marker)';
    }
    if (isStartOfFrame(marker)) frame = true;
    offset += 2 + content.readUInt16BE(offset + 2);
  }
  return 'truncated JPEG (it ends before the image data)';
}
