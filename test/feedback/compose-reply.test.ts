import { simpleParser } from 'mailparser';
import { composeReply, MAX_REFERENCES } from '../../functions/feedback/compose-reply';
import { MAX_QUOTED_CHARS, quote, writeReply } from '../../functions/feedback/reply-body';
import { composeMail } from '../support/compose-mail';
import { header, parseReply, ReplyPipeline } from '../support/reply-pipeline';

const envelope = {
  from: 'noreply@invoices.example.com',
  to: 'billing@supplier.example.be',
  date: new Date('2026-11-20T09:15:00Z'),
  reference: 'o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1',
};

describe('writing and composing a reply', () => {
  it('escapes what the message wrote into the HTML, and keeps the text on single lines', () => {
    const content = writeReply({
      language: 'en',
      originalSubject: 'Invoice <script>alert("x")</script>\r\nBcc: victim@example.com',
      reference: envelope.reference,
      summary: {
        situation: 'not-delivered',
        documents: [{ name: `<img src=x onerror='steal()'>.pdf`, fate: 'password-protected' }],
      },
    });
    expect(content.html).not.toContain('<script>');
    expect(content.html).not.toContain('<img');
    expect(content.html).toContain(
      'Invoice &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Bcc: victim@example.com',
    );
    expect(content.html).toContain('&lt;img src=x onerror=&#39;steal()&#39;&gt;.pdf');
    expect(content.subject).toBe(
      'Not delivered: Invoice <script>alert("x")</script> Bcc: victim@example.com',
    );
    expect(content.text).toContain(
      "- <img src=x onerror='steal()'>.pdf: not delivered: protected with a password",
    );
  });

  it('keeps the subject a single header even when it tries to add one', async () => {
    const reply = await composeReply(
      envelope,
      writeReply({
        language: 'en',
        originalSubject: 'Hi\r\nBcc: victim@example.com',
        reference: envelope.reference,
        summary: { situation: 'no-documents', documents: [] },
      }),
    );
    const parsed = await simpleParser(reply.raw);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.subject).toBe('Not delivered: Hi Bcc: victim@example.com');
  });

  it('drops text-direction tricks and cuts long quotes', () => {
    expect(quote('invoice\u202Efdp.exe')).toBe('invoice fdp.exe');
    const long = quote('A'.repeat(500));
    expect([...long]).toHaveLength(MAX_QUOTED_CHARS);
    expect(long.endsWith('…')).toBe(true);
    expect([...quote('€'.repeat(200))]).toHaveLength(MAX_QUOTED_CHARS);
  });

  it('threads the reply under the original, keeping only well-formed ids and the last few', async () => {
    const pipeline = new ReplyPipeline();
    const thread = Array.from({ length: 30 }, (_, index) => `<thread-${index}@client.example.be>`);
    const raw = await composeMail({
      subject: 'No attachment',
      messageId: '<original@supplier.example.be>',
      headers: { References: `${thread.join(' ')} garbage <not an id> <also@bad@id>` },
      text: 'Here it is.',
    });
    const report = await pipeline.deliver(raw);
    expect(report.reply?.sent).toBe(true);
    const reply = await parseReply(pipeline.replies[0]);
    const references = header(reply, 'references')?.split(' ') ?? [];
    expect(references).toHaveLength(MAX_REFERENCES);
    expect(references.at(-1)).toBe('<original@supplier.example.be>');
    expect(references.at(-2)).toBe('<thread-29@client.example.be>');
    expect(references.every((id) => /^<[^<>@\s]+@[^<>@\s]+>$/.test(id))).toBe(true);
  });

  it('leaves In-Reply-To and References out when the original had no Message-ID', async () => {
    const pipeline = new ReplyPipeline();
    const raw = Buffer.from(
      'From: Supplier BV <billing@supplier.example.be>\r\nTo: acme@invoices.example.com\r\n' +
        'Subject: No id\r\n\r\nNothing attached.\r\n',
    );
    const report = await pipeline.deliver(raw);
    const reply = await parseReply(pipeline.replies[0]);
    expect(report.reply?.sent).toBe(true);
    expect(header(reply, 'in-reply-to')).toBeUndefined();
    expect(header(reply, 'references')).toBeUndefined();
    expect(header(reply, 'auto-submitted')).toBe('auto-replied');
  });

  it('names a missing subject in the mailbox’s language', async () => {
    const pipeline = new ReplyPipeline({ config: { defaults: { language: 'fr' } } });
    const raw = Buffer.from(
      'From: billing@supplier.example.be\r\nTo: acme@invoices.example.com\r\n\r\nRien.\r\n',
    );
    expect((await pipeline.deliver(raw)).reply?.sent).toBe(true);
    expect(pipeline.replies[0]?.subject).toBe('Non transmis : (sans objet)');
  });
});
