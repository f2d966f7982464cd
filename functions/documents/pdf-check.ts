/**
 * PDF writers end the file with `%%EOF`; the specification lets readers look for it within
 * the last 1024 bytes, and so do we, after any trailing whitespace or NUL padding.
 */
const EOF_WINDOW = 1024;

/** Some scanners and gateways pad files with NULs or blank lines; look past this much padding at most. */
const MAX_TRAILING_PADDING = 64 * 1024;

/** `startxref` and its offset sit just before `%%EOF`. */
const STARTXREF_WINDOW = 64;

const ENCRYPT = Buffer.from('/Encrypt', 'latin1');
const EOF_MARKER = Buffer.from('%%EOF', 'latin1');
const STARTXREF = Buffer.from('startxref', 'latin1');

/**
 * Where trailers live: the end of the file, the cross-reference section `startxref` points to
 * (an xref stream's dictionary), and the start of a linearized file. Only these windows are
 * searched, so the check costs the same for a 50 KB invoice and a 20 MB scan.
 */
const TRAILER_WINDOW = 64 * 1024;

/**
 * Why a PDF cannot be read by Clearfacts, or `undefined` when it looks sound. Cheap by design
 * (a few byte searches in bounded windows, no parse), because it runs on every PDF:
 * - encrypted: a trailer (or an xref stream's dictionary) has an `/Encrypt` entry, which is
 *   what both password-protected and permission-restricted PDFs carry;
 * - truncated or corrupt: no `%%EOF` at the end, or no `startxref` pointing inside the file.
 */
export function findPdfProblem(content: Buffer): string | undefined {
  let end = content.length;
  const floor = Math.max(0, end - MAX_TRAILING_PADDING);
  while (end > floor && isWhitespace(content[end - 1])) end -= 1;
  const eof = content.lastIndexOf(EOF_MARKER, end - EOF_MARKER.length);
  const startxref = eof < 0 ? -1 : content.lastIndexOf(STARTXREF, eof);
  const offset =
    startxref < 0 ? Number.NaN : Number.parseInt(content.toString('latin1', startxref + 9, eof), 10);
  const windows = [0, Math.max(0, content.length - TRAILER_WINDOW), ...(offset >= 0 ? [offset] : [])];
  if (windows.some((start) => hasEncryptEntry(content.subarray(start, start + TRAILER_WINDOW)))) {
    return 'password-protected or encrypted PDF, which Clearfacts cannot read; needs manual handling';
  }
  if (eof < 0 || eof < end - EOF_WINDOW) return 'truncated or corrupt PDF (it does not end with %%EOF)';
  if (startxref < eof - STARTXREF_WINDOW || !(offset >= 0 && offset < content.length)) {
    return 'truncated or corrupt PDF (no valid startxref before %%EOF)';
  }
  return undefined;
}

/**
 * `/Encrypt` followed by an object reference (`/Encrypt 12 0 R`) or a dictionary (`<<`). The
 * key only appears in trailers and xref stream dictionaries, which are never compressed;
 * `/EncryptMetadata` and other names do not match.
 */
function hasEncryptEntry(content: Buffer): boolean {
  for (let at = content.indexOf(ENCRYPT); at >= 0; at = content.indexOf(ENCRYPT, at + ENCRYPT.length)) {
    let next = at + ENCRYPT.length;
    while (next < content.length && isWhitespace(content[next])) next += 1;
    const byte = content[next];
    if (
      byte !== undefined &&
      ((byte >= 0x30 && byte <= 0x39) || (byte === 0x3c && content[next + 1] === 0x3c))
    ) {
      return true;
    }
  }
  return false;
}

/** PDF whitespace (ISO 32000 7.2.2), NUL included, which is also what padding is made of. */
function isWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c || byte === 0x00;
}
