import { cmsKindOf } from './cms-content-type';
import type { DetectedType } from './document';
import { looksLikeText, textHead } from './text-head';

/**
 * Real PDFs sometimes carry junk before `%PDF-` (a gateway banner, stray HTTP headers);
 * PDF readers accept the header anywhere in the first 1024 bytes, so we do too.
 */
const PDF_HEADER_WINDOW = 1024;

/** Enough of a text-like file to see past a long header block (Received, DKIM) of a forwarded message. */
const TEXT_SNIFF_BYTES = 16 * 1024;

/** How much of a file must be clean UTF-8 to call it plain text; a binary file fails within a few bytes. */
const PLAIN_TEXT_SNIFF_BYTES = 1024;

/** Fixed byte signatures at the start of a file. Order matters only where one prefixes another. */
const MAGIC_NUMBERS: ReadonlyArray<{ readonly type: DetectedType; readonly bytes: readonly number[] }> = [
  { type: 'pdf', bytes: ascii('%PDF-') },
  { type: 'jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'gif', bytes: ascii('GIF87a') },
  { type: 'gif', bytes: ascii('GIF89a') },
  { type: 'tiff', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { type: 'tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  // BigTIFF, what scanners write for files over 4 GB or when configured to.
  { type: 'tiff', bytes: [0x49, 0x49, 0x2b, 0x00] },
  { type: 'tiff', bytes: [0x4d, 0x4d, 0x00, 0x2b] },
  { type: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  // An empty archive has only the end-of-central-directory record.
  { type: 'zip', bytes: [0x50, 0x4b, 0x05, 0x06] },
  { type: 'ms-tnef', bytes: [0x78, 0x9f, 0x3e, 0x22] },
  // OLE compound file: Outlook .msg, but also legacy .doc/.xls; only .msg is expected by mail.
  { type: 'ms-msg', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
];

/** ISO-BMFF major brands of HEIF images (what iPhones save photos as); AVIF brands are left out. */
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

/** Header sizes of the known BMP info header versions, to tell a bitmap from text starting with "BM". */
const BMP_INFO_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

/** Declared types of detached S/MIME signatures; DER bytes alone cannot tell a p7s from a p7m. */
const SIGNATURE_CONTENT_TYPES = new Set(['application/pkcs7-signature', 'application/x-pkcs7-signature']);

/** Headers a stored message starts with, and headers it must have somewhere, to be taken for one. */
const MESSAGE_FIRST_LINE =
  /^(?:return-path|received|delivered-to|from|to|date|subject|message-id|mime-version|reply-to|dkim-signature|arc-[a-z-]+|authentication-results|x-[a-z0-9-]+):/i;
const MESSAGE_KEY_HEADER = /^(?:from|date|subject|message-id):/im;

/** What the sender claimed; trusted only where the bytes cannot prove anything. */
export interface DeclaredHints {
  /** The declared MIME type, e.g. `application/octet-stream`. */
  readonly contentType?: string;
  /** The declared (decoded) filename. */
  readonly filename?: string;
}

/**
 * Says what a file is from its bytes, never from its declared type or extension, except for
 * S/MIME signatures and forwarded messages whose bytes carry no magic number of their own. A
 * detached signature (`.p7s`) is CMS signed data like a `.p7m`, so its declared type decides first.
 * XML is reported as `xml`: whether it is an invoice is `inspectInvoiceXml`'s call.
 */
export function sniffType(content: Buffer, hints: DeclaredHints = {}): DetectedType {
  const magic = MAGIC_NUMBERS.find(({ bytes }) => startsWith(content, bytes));
  if (magic) return magic.type;
  if (isWebp(content)) return 'webp';
  if (isHeif(content)) return 'heic';
  if (isBmp(content)) return 'bmp';

  const contentType = hints.contentType?.toLowerCase() ?? '';
  if (SIGNATURE_CONTENT_TYPES.has(contentType) || /\.p7s$/i.test(hints.filename ?? '')) return 'signature';
  // Signed or encrypted CMS (S/MIME `smime.p7m`, signed `.p7m` invoices), in DER or base64.
  const cms = cmsKindOf(content);
  if (cms !== undefined) return cms;
  if (contentType === 'message/rfc822') return 'message';

  const textType = sniffTextFormat(textHead(content, TEXT_SNIFF_BYTES).trimStart());
  if (textType) return textType;
  if (content.subarray(0, PDF_HEADER_WINDOW).includes('%PDF-')) return 'pdf';
  if (content.length > 0 && looksLikeText(content, PLAIN_TEXT_SNIFF_BYTES)) return 'text';
  return 'unknown';
}

/** Markup, calendars, contact cards and stored messages: recognised by how their text starts. */
function sniffTextFormat(head: string): DetectedType | undefined {
  if (head.startsWith('<')) {
    const afterComments = head.replace(/^(?:<!--[\s\S]*?-->\s*)+/, '');
    if (/^<(?:!doctype\s+html|html[\s>])/i.test(afterComments)) return 'html';
    return /^<[?!A-Za-z_:]/.test(head) ? 'xml' : undefined;
  }
  if (/^BEGIN:VCALENDAR\b/i.test(head)) return 'calendar';
  if (/^BEGIN:VCARD\b/i.test(head)) return 'vcard';
  if (MESSAGE_FIRST_LINE.test(head) && MESSAGE_KEY_HEADER.test(head)) return 'message';
  return undefined;
}

function isWebp(content: Buffer): boolean {
  return startsWith(content, ascii('RIFF')) && startsWith(content, ascii('WEBP'), 8);
}

function isHeif(content: Buffer): boolean {
  return startsWith(content, ascii('ftyp'), 4) && HEIF_BRANDS.has(content.toString('latin1', 8, 12));
}

function isBmp(content: Buffer): boolean {
  if (content.length < 18 || !startsWith(content, ascii('BM'))) return false;
  return content.readUInt32LE(6) === 0 && BMP_INFO_HEADER_SIZES.has(content.readUInt32LE(14));
}

function startsWith(content: Buffer, bytes: readonly number[], offset = 0): boolean {
  if (content.length < offset + bytes.length) return false;
  return bytes.every((byte, index) => content[offset + index] === byte);
}

function ascii(text: string): number[] {
  return [...Buffer.from(text, 'latin1')];
}
