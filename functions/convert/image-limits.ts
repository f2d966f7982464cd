/**
 * Limits on converting images. Decoders expand every pixel to four bytes, so a small file that
 * declares huge dimensions (a decompression bomb) is refused from its header, before decoding.
 */

/**
 * Pixels of one image or page. The largest phone photos are 48 MP and an A4 page scanned at
 * 600 dpi is 35 MP; decoded as RGBA that is 200 MB, which the function can hold once at a time.
 */
export const MAX_IMAGE_PIXELS = 50_000_000;

/**
 * Pages of one multi-page TIFF. Scanners batch a few dozen pages; each page is decoded on its
 * own, and a PDF of more than this many scanned pages would exceed the 20 MB upload limit anyway.
 */
export const MAX_IMAGE_PAGES = 200;

/**
 * JPEG quality for photos (HEIC, lossy WEBP): what phone cameras use themselves, visually
 * lossless for a photographed page, so text recognition reads it as well as the original.
 */
export const JPEG_QUALITY = 90;
