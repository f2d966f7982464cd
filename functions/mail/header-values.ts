import type { ParsedMail } from 'mailparser';

/**
 * Every value of a header as the message wrote it (unfolded, trimmed), in order. Read from the raw
 * header lines rather than mailparser's parsed headers, which merge repeated headers and shape some
 * values into objects: a policy must see exactly what was sent, repeats included.
 */
export function headerValues(parsed: Pick<ParsedMail, 'headerLines'>, name: string): string[] {
  const key = name.toLowerCase();
  return (parsed.headerLines ?? [])
    .filter((header) => header.key === key)
    .map((header) => {
      const colon = header.line.indexOf(':');
      return header.line
        .slice(colon + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim();
    });
}
