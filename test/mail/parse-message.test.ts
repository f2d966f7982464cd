import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseMessage } from '../../functions/mail/parse-message';
import { InvalidInputError } from '../../functions/shared/errors';

function fixture(name: string): Buffer {
  return readFileSync(join(__dirname, '..', 'fixtures', 'mail', `${name}.eml`));
}

describe('parsing a raw message', () => {
  it('reads a message from a stream, as S3 hands it over', async () => {
    const parsed = await parseMessage(Readable.from([fixture('two-pdfs')]));

    expect(parsed.subject).toBe('Factuur 2026-017 en creditnota 2026-002');
    expect(parsed.attachments.map((attachment) => attachment.filename)).toEqual([
      'factuur-2026-017.pdf',
      'creditnota-2026-002.pdf',
    ]);
  });

  it('keeps cid: links in the HTML so inline images can be recognised', async () => {
    const parsed = await parseMessage(fixture('html-inline-logo-and-pdf'));

    expect(parsed.html).toContain('src="cid:logo@acme.example"');
  });

  it('keeps a forwarded message marked inline as an attachment instead of merging it', async () => {
    const parsed = await parseMessage(fixture('forwarded-nested'));

    expect(parsed.attachments.map((attachment) => attachment.contentType)).toEqual([
      'application/pdf',
      'message/rfc822',
    ]);
  });

  it('does not list the text and HTML bodies as attachments', async () => {
    const parsed = await parseMessage(fixture('no-attachment'));

    expect(parsed.attachments).toEqual([]);
    expect(parsed.text).toContain('Is factuur 2026-010 al betaald?');
  });

  it('turns a message the parser refuses into a permanent InvalidInputError with the cause', async () => {
    const raw = Buffer.from(`Subject: huge\r\nX-Huge: ${'a'.repeat(2 * 1024 * 1024)}\r\n\r\nbody`);

    const error = await parseMessage(raw).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ kind: 'permanent', message: expect.stringMatching(/header size/) });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('passes a failing source stream through unchanged, so the read is retried', async () => {
    const failure = new Error('socket hang up');
    const source = new Readable({
      read() {
        this.destroy(failure);
      },
    });

    await expect(parseMessage(source)).rejects.toBe(failure);
  });
});
