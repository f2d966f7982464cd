import { textHead } from '../documents/text-head';

/** Enough to read a MIME entity's header block: an S/MIME entity carries a few short headers. */
const HEADER_HEAD_BYTES = 16 * 1024;

/** `Name: value`: a field name is printable ASCII without a colon (RFC 5322 §2.2). */
const HEADER_FIELD = /^[!-9;-~]+[ \t]*:/;

/** Headers that make a header block a MIME entity rather than any text with a colon in it. */
const MIME_HEADER = /^(?:content-type|mime-version)[ \t]*:/i;

/**
 * Whether bytes are a MIME entity (headers, an empty line, a body), as the content of an S/MIME
 * `smime.p7m` is (RFC 8551 §3.1): unlike a stored message it need not have `From:` or `Date:`,
 * only `Content-Type:`. Every line up to the first empty one must be a header field or its
 * continuation, and one of them must be MIME's.
 */
export function looksLikeMimeEntity(content: Buffer): boolean {
  const lines = textHead(content, HEADER_HEAD_BYTES).split(/\r?\n/);
  let mime = false;
  for (const [index, line] of lines.entries()) {
    if (line === '') return index > 0 && mime;
    if (/^[ \t]/.test(line) && index > 0) continue;
    if (!HEADER_FIELD.test(line)) return false;
    if (MIME_HEADER.test(line)) mime = true;
  }
  return false;
}
