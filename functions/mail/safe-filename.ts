import type { DetectedType } from '../documents/document';
import { missingExtension, preferredExtension } from '../documents/file-extensions';

/**
 * File systems and S3 key segments cap a name at 255 bytes; 200 leaves room for the
 * ` (n)` that makes names unique and for what other tools add when saving a download.
 */
export const MAX_FILENAME_BYTES = 200;

/** A dot followed by this many letters or digits at most counts as an extension worth keeping. */
const MAX_EXTENSION_LENGTH = 10;

/**
 * Characters that can make a name lie about itself: bidi embeddings and overrides
 * (U+202A–202E) and isolates (U+2066–2069) turn `invoice‮fdp.exe` into `invoiceexe.pdf`;
 * the marks (U+200E, U+200F, U+061C), zero-width space and byte order mark are invisible.
 */
const DECEPTIVE_CHARACTERS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b\ufeff]/g;

/** C0 and C1 control characters, NUL included. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/** Characters Windows refuses in names, replaced so a downloaded copy saves as-is. */
const RESERVED_CHARACTERS = /[<>:"|?*]/g;

/** Removes control characters and deceptive invisible characters and collapses whitespace; NFC-normalises. */
export function cleanDisplayText(text: string): string {
  return text
    .normalize('NFC')
    .replace(DECEPTIVE_CHARACTERS, '')
    .replace(CONTROL_CHARACTERS, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Makes a declared (already decoded) filename safe to store and to show: no path, no
 * control or deceptive characters, bounded length, an extension that fits the detected
 * type, and never empty (`attachment-<n>.<ext>`). Uniqueness is `UniqueFilenames`' job.
 */
export function safeFilename(
  declared: string | undefined,
  detectedType: DetectedType,
  index: number,
): string {
  const segments = cleanDisplayText(declared ?? '')
    .replace(RESERVED_CHARACTERS, '_')
    .split(/[/\\]/)
    .map((segment) => segment.trim())
    // `.` and `..` (and empty segments) are path navigation, not part of a name.
    .filter((segment) => !/^\.*$/.test(segment));
  const name = trimDotsAndSpaces(segments.join('_'));
  if (name === '') return `attachment-${index}${preferredExtension(detectedType)}`;
  const { stem, extension } = splitExtension(name);
  const fixed = missingExtension(extension, detectedType);
  return fixed === '' ? fitFilename(stem, extension) : fitFilename(name, fixed);
}

/**
 * Leading dots would hide the file on Unix; trailing dots and spaces vanish on Windows.
 * A loop, not `/[.\s]+$/`, which backtracks quadratically on long runs of `. . .` mid-name.
 */
function trimDotsAndSpaces(name: string): string {
  const trimmed = (char: string | undefined): boolean => char === '.' || char === ' ';
  let start = 0;
  let end = name.length;
  while (start < end && trimmed(name[start])) start += 1;
  while (end > start && trimmed(name[end - 1])) end -= 1;
  return name.slice(start, end);
}

/** Splits `invoice.pdf` into `invoice` and `.pdf`; a name without a plausible extension has ''. */
export function splitExtension(name: string): { stem: string; extension: string } {
  const match = new RegExp(`^(.+?)(\\.[\\p{L}\\p{N}]{1,${MAX_EXTENSION_LENGTH}})$`, 'u').exec(name);
  return match ? { stem: match[1] ?? '', extension: match[2] ?? '' } : { stem: name, extension: '' };
}

/** Joins stem, optional suffix and extension, shortening the stem so the name fits `MAX_FILENAME_BYTES`. */
export function fitFilename(stem: string, extension: string, suffix = ''): string {
  const budget = MAX_FILENAME_BYTES - Buffer.byteLength(suffix + extension);
  let kept = '';
  let bytes = 0;
  // Iterating code points never cuts a surrogate pair (emoji) in half.
  for (const char of stem) {
    bytes += Buffer.byteLength(char);
    if (bytes > budget) break;
    kept += char;
  }
  return `${kept.trimEnd()}${suffix}${extension}`;
}
