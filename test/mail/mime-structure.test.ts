import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageLimitError, MimeStructureCheck } from '../../functions/mail/mime-structure';
import { MAX_MIME_DEPTH } from '../../functions/shared/limits';

/** The deepest nesting the check sees when `raw` arrives in chunks of `chunkSize` bytes. */
function deepest(raw: string, chunkSize = raw.length): number {
  const check = new MimeStructureCheck();
  const bytes = Buffer.from(raw, 'latin1');
  for (let at = 0; at < bytes.length; at += chunkSize) check.push(bytes.subarray(at, at + chunkSize));
  check.end();
  return check.deepest;
}

function nested(
  depth: number,
  contentType = (level: number) => `multipart/mixed; boundary="b${level}"`,
): string {
  let body = 'Content-Type: text/plain\r\n\r\nleaf\r\n';
  for (let level = depth; level > 0; level -= 1) {
    body = `Content-Type: ${contentType(level)}\r\n\r\n--b${level}\r\n${body}\r\n--b${level}--\r\n`;
  }
  return `From: a@example.com\r\n${body}`;
}

describe('following the MIME structure as bytes arrive', () => {
  it('counts the real nesting of the fixtures as a handful of levels', () => {
    const directory = join(__dirname, '../fixtures/mail');
    for (const name of readdirSync(directory).filter((file) => file.endsWith('.eml'))) {
      const depth = deepest(readFileSync(join(directory, name), 'latin1'));
      expect(depth).toBeLessThanOrEqual(3);
    }
  });

  it('counts nesting, not siblings', () => {
    const siblings = Array.from(
      { length: 200 },
      (_, i) =>
        `--top\r\nContent-Type: multipart/alternative; boundary="s${i}"\r\n\r\n--s${i}\r\n\r\nx\r\n--s${i}--\r\n`,
    ).join('');
    expect(deepest(`Content-Type: multipart/mixed; boundary=top\r\n\r\n${siblings}--top--\r\n`)).toBe(2);
  });

  it('reads the same structure whatever the chunk size', () => {
    const raw = nested(12);
    for (const size of [1, 7, 64, 4096]) expect(deepest(raw, size)).toBe(12);
  });

  it('finds a boundary on a folded Content-Type line, quoted or not', () => {
    expect(deepest(nested(3, (level) => `multipart/mixed;\r\n\tboundary=b${level}`))).toBe(3);
  });

  it('leaves a forwarded message to its own parse', () => {
    const inner = nested(MAX_MIME_DEPTH + 5);
    const raw =
      'Content-Type: multipart/mixed; boundary=outer\r\n\r\n--outer\r\nContent-Type: message/rfc822\r\n\r\n' +
      `${inner}\r\n--outer--\r\n`;
    expect(deepest(raw)).toBe(1);
  });

  it('stops at the limit with a reason', () => {
    expect(() => deepest(nested(MAX_MIME_DEPTH + 1))).toThrow(MessageLimitError);
    expect(deepest(nested(MAX_MIME_DEPTH))).toBe(MAX_MIME_DEPTH);
  });
});
