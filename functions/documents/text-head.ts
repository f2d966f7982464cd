/** Byte order marks, longest first, and the encoding each one announces. */
const BYTE_ORDER_MARKS: ReadonlyArray<{ readonly bytes: readonly number[]; readonly encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

/**
 * Decodes at most `maxBytes` from the start of a text-like file, honouring a UTF-8 or UTF-16
 * byte order mark (and dropping it). Without a mark the bytes are read as UTF-8, invalid
 * sequences becoming U+FFFD: callers only look for ASCII markers, so that is enough.
 */
export function textHead(content: Buffer, maxBytes: number): string {
  const mark = BYTE_ORDER_MARKS.find(({ bytes }) => bytes.every((byte, index) => content[index] === byte));
  const encoding = mark?.encoding ?? 'utf-8';
  // `stream: true` keeps a character cut in half at `maxBytes` from turning into U+FFFD.
  return new TextDecoder(encoding).decode(content.subarray(0, maxBytes), { stream: true });
}

/** True when the bytes decode as UTF-8 and hold no control characters but tab, line breaks and form feed. */
export function looksLikeText(content: Buffer, maxBytes: number): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(content.subarray(0, maxBytes), {
      stream: true,
    });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
    return !/[\x00-\x08\x0b\x0e-\x1f\x7f]/.test(text);
  } catch {
    return false;
  }
}
