import type * as Utif from 'utif2';

/**
 * A black-and-white page kept in the CCITT Group 4 (T.6) coding the scanner or fax gateway wrote,
 * which every PDF reader decodes itself (the `CCITTFaxDecode` filter, ISO 32000-1 7.4.6): the PDF
 * is about as small as the TIFF (a sparse A4 page at 200 dpi: 2 KB instead of 6 KB re-compressed
 * with Flate), and no pixel is decoded or re-encoded on the way.
 */
export interface CcittPage {
  /** The page's coded data, exactly as the TIFF holds it. */
  readonly ccitt: Buffer;
  readonly width: number;
  readonly height: number;
  /** TIFF `PhotometricInterpretation` 1: what the coding calls white is shown black. */
  readonly inverted: boolean;
  /** Dots per inch, horizontally and vertically, when the file records them. */
  readonly dpi?: { readonly x: number; readonly y: number };
}

/** TIFF tags (TIFF 6.0 section 8 and 11): compression 4 is CCITT T.6, fill order 2 is LSB first. */
const T6_COMPRESSION = 4;
const FILL_ORDER_LSB_FIRST = 2;
const PHOTOMETRIC_BLACK_IS_ZERO = 1;
/** `T6Options` bit 1: uncompressed mode may appear, which not every PDF reader's decoder supports. */
const T6_UNCOMPRESSED_MODE = 2;

/**
 * The page as a `CcittPage` when its Group 4 data can go into a PDF unchanged: one strip (strips
 * are coded independently and cannot be joined), not tiled, one bit per pixel, most significant
 * bit first, no uncompressed mode. `undefined` otherwise: the page is then decoded as usual.
 */
export function ccittPage(content: Buffer, ifd: Utif.IFD, dpi: CcittPage['dpi']): CcittPage | undefined {
  const offsets = numbers(ifd.t273);
  const counts = numbers(ifd.t279);
  const [offset] = offsets;
  const [count] = counts;
  const width = numbers(ifd.t256)[0] ?? 0;
  const height = numbers(ifd.t257)[0] ?? 0;
  const fits =
    numbers(ifd.t259)[0] === T6_COMPRESSION &&
    offsets.length === 1 &&
    counts.length === 1 &&
    ifd.t322 === undefined &&
    (numbers(ifd.t258)[0] ?? 1) === 1 &&
    (numbers(ifd.t277)[0] ?? 1) === 1 &&
    numbers(ifd.t266)[0] !== FILL_ORDER_LSB_FIRST &&
    ((numbers(ifd.t293)[0] ?? 0) & T6_UNCOMPRESSED_MODE) === 0 &&
    offset !== undefined &&
    count !== undefined &&
    count > 0 &&
    offset + count <= content.length &&
    width > 0 &&
    height > 0;
  if (!fits) return undefined;
  return {
    ccitt: content.subarray(offset, offset + count),
    width,
    height,
    inverted: numbers(ifd.t262)[0] === PHOTOMETRIC_BLACK_IS_ZERO,
    ...(dpi === undefined ? {} : { dpi }),
  };
}

/** A tag's values as numbers (utif2 gives arrays; absent tags are empty). */
function numbers(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is number => typeof item === 'number');
}
