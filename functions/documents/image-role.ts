import type { ImageGeometry } from './image-geometry';

/**
 * Tracking pixels are 1 × 1, icons 16 to 64 px square, and signature or banner logos a few
 * hundred pixels wide but under 50 high (a 120 × 40 logo). A readable document, even a cropped
 * screenshot of a payment, is larger on both counts. Kept low on purpose: an attached image
 * that is not shown in the body is uploaded unless it is clearly one of these, because a stray
 * logo in Clearfacts costs a click and a refused invoice costs a client.
 */
export const MIN_DOCUMENT_SIDE_PX = 50;

/** Fewer pixels than this (about 70 × 70) is an icon, whatever its shape. */
export const MIN_DOCUMENT_PIXELS = 5_000;

/**
 * An image the HTML body shows (a `cid:` picture) is decoration (logos, banners, social icons)
 * unless it has the pixels of a page or a photo: an A4 page scanned at 90 dpi (744 × 1052), a
 * phone photo that iOS Mail attaches inline (1632 × 1224 at its "Large" size, 12 MP as taken).
 * Newsletter images are at most 1200 px wide at twice the 600 px of an email template, so a
 * 1200 × 600 banner (720,000 pixels) stays decoration.
 */
export const MIN_INLINE_DOCUMENT_PIXELS = 780_000;

/**
 * Why an image is not a document but a tracking pixel, icon or logo, or `undefined` when it may
 * be one. Decided by the declared pixels, never by the compressed size: a bilevel Group 4 scan
 * of a sparse A4 page is 2 KB, a logo with a gradient 40 KB. A multi-page image is a document
 * whatever its size.
 */
export function decorationReason(geometry: ImageGeometry, shownInBody: boolean): string | undefined {
  const { width, height, pages } = geometry;
  if (pages > 1) return undefined;
  const size = `${width} × ${height} pixels`;
  if (Math.min(width, height) < MIN_DOCUMENT_SIDE_PX || width * height < MIN_DOCUMENT_PIXELS) {
    return `image of ${size}: a tracking pixel, icon or logo, not a document`;
  }
  if (shownInBody && width * height < MIN_INLINE_DOCUMENT_PIXELS) {
    return `image of ${size} shown in the message body (logo or signature image)`;
  }
  return undefined;
}
