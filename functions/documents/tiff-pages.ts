/** One page of a TIFF as its directory (IFD) declares it, before any pixel is decoded. */
export interface TiffPage {
  readonly width: number;
  readonly height: number;
  /** The `Compression` tag (1 when absent, as TIFF 6.0 defines): 4 is CCITT Group 4. */
  readonly compression: number;
}

/** TIFF tags read here (TIFF 6.0, section 8): NewSubfileType, ImageWidth, ImageLength. */
const TAG_SUBFILE_TYPE = 254;
const TAG_WIDTH = 256;
const TAG_HEIGHT = 257;
const TAG_COMPRESSION = 259;

/** Field types whose single value sits in the entry itself. */
const TYPE_SHORT = 3;
const TYPE_LONG = 4;

/** `NewSubfileType` bit 0 marks a reduced-resolution copy (a thumbnail), not a page. */
const REDUCED_RESOLUTION = 1;

/**
 * Directories walked at most. Enough for any real scan batch; the converter has its own page
 * limit (MAX_IMAGE_PAGES) and refuses longer files with a reason, so the count only needs to
 * say "more than one page" reliably, never to be exact past this.
 */
export const MAX_TIFF_DIRECTORIES_READ = 1000;

/**
 * The pages of a classic TIFF (not BigTIFF) from its directory chain: each directory's declared
 * size, thumbnails left out. Reads a few bytes per page, whatever the file's size, so it can run
 * on every TIFF before deciding whether it is a document. A chain that loops, runs out of the
 * file or is too long simply ends the list: the converter reports such files precisely.
 * Hand-written: image-size reads only the first directory, and the TIFF decoder (utif2) parses
 * every directory's tags and is only loaded when the file is converted.
 */
export function tiffPages(content: Buffer): TiffPage[] {
  if (content.length < 8) return [];
  const littleEndian = content[0] === 0x49;
  const read16 = (at: number): number => (littleEndian ? content.readUInt16LE(at) : content.readUInt16BE(at));
  const read32 = (at: number): number => (littleEndian ? content.readUInt32LE(at) : content.readUInt32BE(at));
  if (read16(2) !== 42) return [];
  const pages: TiffPage[] = [];
  const seen = new Set<number>();
  for (let offset = read32(4); offset !== 0 && seen.size < MAX_TIFF_DIRECTORIES_READ; ) {
    if (seen.has(offset) || offset + 2 > content.length) break;
    seen.add(offset);
    const count = read16(offset);
    const next = offset + 2 + count * 12;
    if (next + 4 > content.length) break;
    const tags = new Map<number, number>();
    for (let entry = offset + 2; entry < next; entry += 12) {
      const type = read16(entry + 2);
      if (read32(entry + 4) !== 1) continue;
      if (type === TYPE_SHORT) tags.set(read16(entry), read16(entry + 8));
      else if (type === TYPE_LONG) tags.set(read16(entry), read32(entry + 8));
    }
    if (((tags.get(TAG_SUBFILE_TYPE) ?? 0) & REDUCED_RESOLUTION) === 0) {
      pages.push({
        width: tags.get(TAG_WIDTH) ?? 0,
        height: tags.get(TAG_HEIGHT) ?? 0,
        compression: tags.get(TAG_COMPRESSION) ?? 1,
      });
    }
    offset = read32(next);
  }
  return pages;
}
