/**
 * The forms a secret can take when a server quotes it back: as is, JSON-escaped (also PHP's
 * `\/` for slashes), URL-encoded (percent and form encoding) and base64 (standard and URL-safe).
 * No library lists these; the set is what a response body or an echoed request can contain.
 */

/**
 * A base64 fragment shorter than this is not searched for: too short to be the token, long
 * enough to match ordinary text by chance (16 characters carry 96 bits of the token).
 */
const MIN_BASE64_CORE_CHARS = 16;

/** Every encoded form of `secret` worth removing from quoted text, longest first, no duplicates. */
export function secretForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = new Set<string>([
    secret,
    json,
    json.replaceAll('/', '\\/'),
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    ...base64Forms(Buffer.from(secret, 'utf8')),
  ]);
  return [...forms].filter((form) => form !== '').sort((a, b) => b.length - a.length);
}

/**
 * Base64 of the secret at each of the three byte alignments it can have inside a longer encoded
 * text: the characters that depend only on the secret's bytes (the first and last groups mix in
 * neighbouring bytes and are left out), plus the whole encoding of the secret alone.
 */
function base64Forms(bytes: Buffer): string[] {
  const forms: string[] = [bytes.toString('base64'), bytes.toString('base64url')];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const start = offset === 0 ? 0 : 4;
    const end = Math.floor((offset + bytes.length) / 3) * 4;
    const core = encoded.slice(start, end);
    if (core.length < MIN_BASE64_CORE_CHARS) continue;
    forms.push(core, core.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return forms;
}
