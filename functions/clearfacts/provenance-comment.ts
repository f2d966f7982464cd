/**
 * Clearfacts publishes no limit for `comment`; 500 characters keep the note readable in its inbox
 * and far from any column limit, while a long subject still fits.
 */
export const MAX_COMMENT_LENGTH = 500;

/** C0/C1 control characters, and bidi overrides that could make a note read differently than it is. */
const UNSAFE_CHARACTERS = /[\p{Cc}\u202a-\u202e\u2066-\u2069]+/gu;

/** Where a document came from, as far as the email says. */
export interface Provenance {
  /** The header `From:` as received, e.g. `Supplier <billing@supplier.be>`. */
  readonly from?: string;
  readonly subject?: string;
  /** The `Message-ID` header, so the original email can be found again. */
  readonly messageId?: string;
}

/** "From: …; Subject: …; Message: …" for Clearfacts' comment field; absent parts are left out. */
export function buildProvenanceComment({ from, subject, messageId }: Provenance): string {
  const parts = [
    ['From', from],
    ['Subject', subject],
    ['Message', messageId],
  ]
    .map(([label, value]) => [label, cleanText(value ?? '')])
    .filter(([, value]) => value !== '')
    .map(([label, value]) => `${label}: ${value}`);
  return cleanComment(parts.join('; '));
}

/**
 * A comment as Clearfacts gets it: control characters replaced by spaces, whitespace collapsed, and
 * trimmed to `MAX_COMMENT_LENGTH` code points (never splitting an emoji) with an ellipsis.
 */
export function cleanComment(comment: string): string {
  const text = cleanText(comment);
  const codePoints = Array.from(text);
  if (codePoints.length <= MAX_COMMENT_LENGTH) return text;
  return `${codePoints
    .slice(0, MAX_COMMENT_LENGTH - 1)
    .join('')
    .trimEnd()}…`;
}

function cleanText(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
}
