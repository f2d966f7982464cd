import type { ParsedMail } from 'mailparser';
import type { FoundMessage } from '../../functions/mail/nested-message';
import { parseMessage } from '../../functions/mail/parse-message';
import { extractDocuments } from '../../functions/mail/pick-documents';
import { BODY_ORIGIN, bodySources, isBodyOrigin } from '../../functions/render/body-sources';
import { composeMail } from '../support/compose-mail';

/** A receipt mail with its own subject and HTML body. */
function receipt(subject: string): Promise<Buffer> {
  return composeMail({ subject, html: `<p>${subject}: totaal € 10,00</p>` });
}

/** The client's note carrying `inner` messages as attached `.eml` files. */
function forward(subject: string, ...inner: Buffer[]): Promise<Buffer> {
  return composeMail({
    subject,
    text: 'Zie bijlagen.',
    attachments: inner.map((content, index) => ({
      filename: `mail-${index + 1}.eml`,
      content,
      contentType: 'message/rfc822',
    })),
  });
}

/** Parses and walks `raw` as the pipeline does, collecting what `onMessage` is told. */
async function walk(raw: Buffer): Promise<{ parsed: ParsedMail; found: FoundMessage[] }> {
  const parsed = await parseMessage(raw);
  const found: FoundMessage[] = [];
  await extractDocuments(parsed, { onMessage: (message) => found.push(message) });
  return { parsed, found };
}

describe('which bodies may be the document', () => {
  it('the message itself, when it forwards nothing', async () => {
    const { parsed, found } = await walk(await receipt('Bon 1'));

    expect(found).toEqual([]);
    expect(bodySources(parsed, found).map((source) => [source.origin, source.forwarded])).toEqual([
      [BODY_ORIGIN, false],
    ]);
  });

  it('each forwarded message, not the note around them: three receipts in one mail, three bodies', async () => {
    const { parsed, found } = await walk(
      await forward('Fwd: bonnen', await receipt('Bon 1'), await receipt('Bon 2'), await receipt('Bon 3')),
    );

    expect(bodySources(parsed, found).map((source) => [source.body.subject, source.origin])).toEqual([
      ['Bon 1', 'forwarded message "Bon 1" > message body'],
      ['Bon 2', 'forwarded message "Bon 2" > message body'],
      ['Bon 3', 'forwarded message "Bon 3" > message body'],
    ]);
  });

  it('the innermost message of a forward of a forward, not the notes on the way', async () => {
    const { parsed, found } = await walk(
      await forward('Fwd: Fwd: bon', await forward('Fwd: bon', await receipt('Bon 1'))),
    );

    expect(bodySources(parsed, found).map((source) => source.origin)).toEqual([
      'forwarded message "Fwd: bon" > forwarded message "Bon 1" > message body',
    ]);
  });

  it('none, when the innermost forward was too deep to open: its wrapper is still a wrapper', async () => {
    const { parsed, found } = await walk(
      await forward('Fwd: Fwd: bon', await forward('Fwd: bon', await receipt('Bon 1'))),
    );
    const shallow: FoundMessage[] = [];
    await extractDocuments(parsed, { maxForwardDepth: 1, onMessage: (message) => shallow.push(message) });

    expect(shallow.map((message) => message.kind)).toEqual(['forwarded', 'unopened']);
    expect(bodySources(parsed, shallow)).toEqual([]);
    // Positive control: with the default depth, the same message yields the receipt's body.
    expect(bodySources(parsed, found)).toHaveLength(1);
  });

  it('names signed content after the signed message when the signed entity has no headers of its own', async () => {
    const outer = await parseMessage(
      Buffer.from(
        'From: Shop <shop@example.be>\r\nSubject: Ontvangstbewijs 7\r\nDate: Fri, 20 Nov 2026 10:00:00 +0100\r\nContent-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"\r\n\r\nAAAA\r\n',
      ),
    );
    const signed = await parseMessage(
      Buffer.from('Content-Type: text/html; charset=utf-8\r\n\r\n<p>Totaal € 5,00</p>\r\n'),
    );
    const sources = bodySources(outer, [
      { kind: 'signed', parsed: signed, origin: 'signed content "smime.p7m"' },
    ]);

    expect(sources).toEqual([
      expect.objectContaining({
        origin: 'signed content "smime.p7m" > message body',
        forwarded: false,
        body: expect.objectContaining({
          subject: 'Ontvangstbewijs 7',
          from: 'Shop <shop@example.be>',
          date: new Date('2026-11-20T09:00:00Z'),
          html: '<p>Totaal € 5,00</p>\n',
        }),
      }),
    ]);
  });

  it('tells a body origin from an attachment origin', () => {
    expect(isBodyOrigin('message body')).toBe(true);
    expect(isBodyOrigin('forwarded message "Bon 1" > message body')).toBe(true);
    expect(isBodyOrigin('forwarded message "Bon 1"')).toBe(false);
    expect(isBodyOrigin('attachment')).toBe(false);
  });
});
