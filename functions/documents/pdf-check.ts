/**
 * PDF writers end the file with `%%EOF`; the specification lets readers look for it within
 * the last 1024 bytes, and so do we, after any trailing whitespace or NUL padding.
 */
const EOF_WINDOW = 1024;

/** Some scanners and gateways pad files with NULs or blank lines; look past this much padding at most. */
const MAX_TRAILING_PADDING = 64 * 1024;

/** `startxref` and its offset sit just before `%%EOF`. */
const STARTXREF_WINDOW = 64;

/** What `startxref` must point at: a cross-reference table, or an xref stream's object header. */
const XREF_SECTION = /^(?:xref|\d+\s+\d+\s+obj)/;

const ENCRYPT = Buffer.from('/Encrypt', 'latin1');
const EOF_MARKER = Buffer.from('%%EOF', 'latin1');
const STARTXREF = Buffer.from('startxref', 'latin1');

/**
 * Where trailers live: the end of the file, the cross-reference section `startxref` points to
 * (an xref stream's dictionary), and the start of a linearized file. Only these windows are
 * searched, so the check costs the same for a 50 KB invoice and a 20 MB scan.
 */
const TRAILER_WINDOW = 64 * 1024;

/** What a PDF reader made of a file the byte checks doubted (functions/documents/pdf-reader.ts). */
export type PdfReading =
  /** It opens without a password (an owner password only restricts printing or copying). */
  | { readonly outcome: 'opens'; readonly pages: number }
  /** It needs a user password to open. */
  | { readonly outcome: 'needs-password' }
  /** No reader can open it, or a page of it; `detail` says what failed. */
  | { readonly outcome: 'unreadable'; readonly detail: string };

/**
 * Why a PDF might not open, or `undefined` when it looks sound. Cheap by design (a few byte
 * searches in bounded windows, no parse), because it runs on every PDF; a doubt is only a reason
 * to ask a real reader (`readPdf`), never a reason to refuse by itself:
 * - an `/Encrypt` entry in a trailer (or an xref stream's dictionary): the file may need a
 *   password, or may only carry an owner password that any reader opens without asking;
 * - no `%%EOF` at the end (after padding): cut off, or followed by bytes a gateway appended;
 * - no `startxref` before it pointing at a cross-reference section: an xref a reader must rebuild.
 */
export function findPdfDoubt(content: Buffer): string | undefined {
  let end = content.length;
  const floor = Math.max(0, end - MAX_TRAILING_PADDING);
  while (end > floor && isWhitespace(content[end - 1])) end -= 1;
  const eof = content.lastIndexOf(EOF_MARKER, end - EOF_MARKER.length);
  const startxref = eof < 0 ? -1 : content.lastIndexOf(STARTXREF, eof);
  const offset =
    startxref < 0 ? Number.NaN : Number.parseInt(content.toString('latin1', startxref + 9, eof), 10);
  const windows = [0, Math.max(0, content.length - TRAILER_WINDOW), ...(offset >= 0 ? [offset] : [])];
  if (windows.some((start) => hasEncryptEntry(content.subarray(start, start + TRAILER_WINDOW)))) {
    return 'it is encrypted';
  }
  if (eof < 0 || eof < end - EOF_WINDOW) return 'it does not end with %%EOF';
  if (startxref < eof - STARTXREF_WINDOW || !(offset >= 0 && pointsAtXref(content, offset))) {
    return 'no valid startxref before %%EOF';
  }
  return undefined;
}

/**
 * Why a doubted PDF is refused, or `undefined` when the reader opened it (then it is uploaded
 * exactly as it came: Clearfacts and the accountant's reader open it just as well).
 */
export function pdfRefusal(doubt: string, reading: PdfReading): string | undefined {
  switch (reading.outcome) {
    case 'opens':
      return undefined;
    case 'needs-password':
      return 'password-protected PDF: it needs a password to open, which Clearfacts cannot do; needs manual handling';
    case 'unreadable':
      return `truncated or corrupt PDF (${doubt}; ${reading.detail})`;
  }
}

/** Whether `offset` is the start of a cross-reference table or an xref stream object. */
function pointsAtXref(content: Buffer, offset: number): boolean {
  if (offset >= content.length) return false;
  let at = offset;
  while (at < content.length && isWhitespace(content[at])) at += 1;
  return XREF_SECTION.test(content.toString('latin1', at, at + 32));
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
