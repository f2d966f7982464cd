import type * as Utif from 'utif2';
import { commonJsExports } from '../shared/common-js';
import { type CcittPage, ccittPage } from './ccitt-page';
import { ConversionError } from './conversion-error';
import type { PageMeter } from './convert-image';
import { MAX_IMAGE_PAGES } from './image-limits';
import { checkDimensions, type Raster } from './raster';

/**
 * TIFF compressions we decode (TIFF 6 and its common extensions): none, CCITT G3/G4 (fax and
 * black-and-white scans), LZW, old and new JPEG, Deflate, PackBits. Others are refused, since
 * the decoder would silently return a blank page for them.
 */
const SUPPORTED_COMPRESSIONS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 32773, 32946]);

/** `NewSubfileType` bit 0 marks a reduced-resolution copy (a thumbnail), not a page. */
const REDUCED_RESOLUTION = 1;

/** TIFF `ResolutionUnit` values. */
const UNIT_CENTIMETRE = 3;

/**
 * Decodes every page of a TIFF, one at a time as the caller iterates, so a long multi-page
 * scan never holds more than one decoded page. Thumbnails stored beside the pages are skipped.
 * The page chain is walked first, so a file whose pages loop or exceed `MAX_IMAGE_PAGES` is
 * refused before any pixel is decoded. A Group 4 page that a PDF can hold as it is (`ccittPage`)
 * is passed on coded, not decoded.
 */
export async function decodeTiff(
  content: Buffer,
  meter: PageMeter = { beforePage: () => undefined },
): Promise<Iterable<Raster | CcittPage>> {
  checkPageChain(content);
  const UTIF = commonJsExports<typeof Utif>(await import('utif2'));
  const pages = UTIF.decode(content).filter((ifd) => (numberTag(ifd, 't254') & REDUCED_RESOLUTION) === 0);
  for (const ifd of pages) {
    checkDimensions(numberTag(ifd, 't256'), numberTag(ifd, 't257'));
    const compression = numberTag(ifd, 't259') || 1;
    if (!SUPPORTED_COMPRESSIONS.has(compression)) {
      throw new ConversionError(`it uses TIFF compression ${compression}, which is not supported`);
    }
  }
  return decodePages(UTIF, content, pages, meter);
}

function* decodePages(
  UTIF: typeof Utif,
  content: Buffer,
  pages: readonly Utif.IFD[],
  meter: PageMeter,
): Generator<Raster | CcittPage> {
  for (const [index, ifd] of pages.entries()) {
    // The first page was metered with the image; each further one is, before it is decoded.
    if (index > 0) meter.beforePage();
    const dpi = resolutionOf(ifd);
    const coded = ccittPage(content, ifd, dpi);
    if (coded !== undefined) {
      yield coded;
      continue;
    }
    UTIF.decodeImage(content, ifd);
    const rgba = UTIF.toRGBA8(ifd);
    // Free the page's decoded samples before the next page is decoded.
    ifd.data = new Uint8Array(0);
    yield { width: ifd.width, height: ifd.height, rgba, ...(dpi === undefined ? {} : { dpi }) };
  }
}

/** Follows the chain of page directories (IFDs), refusing loops, BigTIFF and too many pages. */
function checkPageChain(content: Buffer): void {
  if (content.length < 8) throw new ConversionError('it is truncated (no TIFF header)');
  const littleEndian = content[0] === 0x49;
  const read16 = (at: number): number => (littleEndian ? content.readUInt16LE(at) : content.readUInt16BE(at));
  const read32 = (at: number): number => (littleEndian ? content.readUInt32LE(at) : content.readUInt32BE(at));
  if (read16(2) === 43) throw new ConversionError('it is a BigTIFF, which is not supported');
  const seen = new Set<number>();
  for (let offset = read32(4); offset !== 0; ) {
    if (seen.has(offset)) throw new ConversionError('its page directories form a loop');
    if (seen.size >= MAX_IMAGE_PAGES) {
      throw new ConversionError(`it has more than ${MAX_IMAGE_PAGES} pages, the limit for one TIFF`);
    }
    if (offset + 2 > content.length) throw new ConversionError('it is truncated (page directory)');
    seen.add(offset);
    const next = offset + 2 + read16(offset) * 12;
    if (next + 4 > content.length) throw new ConversionError('it is truncated (page directory)');
    offset = read32(next);
  }
}

/** A tag's first value as a number; rationals (`[[numerator, denominator]]`) are divided out. */
function numberTag(ifd: Utif.IFD, tag: string): number {
  const value = ifd[tag];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (Array.isArray(first)) {
    const [numerator, denominator] = first as number[];
    return numerator !== undefined && denominator ? numerator / denominator : 0;
  }
  return typeof first === 'number' ? first : 0;
}

/** `XResolution`/`YResolution` in dots per inch; inches are the default unit. */
function resolutionOf(ifd: Utif.IFD): Raster['dpi'] {
  const x = numberTag(ifd, 't282');
  const y = numberTag(ifd, 't283') || x;
  if (x <= 0 || numberTag(ifd, 't296') === 1) return undefined;
  const perInch = numberTag(ifd, 't296') === UNIT_CENTIMETRE ? 2.54 : 1;
  return { x: x * perInch, y: y * perInch };
}
