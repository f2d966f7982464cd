import { composeMail } from '../support/compose-mail';
import { invoicePdf, invoiceXml } from '../support/invoice-documents';
import { minimalPdf } from '../support/minimal-pdf';
import { DOMAIN, PASSING, REPLY_FROM, ReplyPipeline } from '../support/reply-pipeline';

/** An invoice mail from the supplier, with extra headers or another sender. */
function invoiceMail(
  options: { headers?: Record<string, string>; from?: string; contentType?: string } = {},
) {
  return composeMail({
    ...(options.from === undefined ? {} : { from: options.from }),
    subject: 'Invoice 2026-0042',
    text: 'See attached.',
    headers: options.headers ?? {},
    attachments: [
      { filename: 'invoice.pdf', content: minimalPdf('Invoice 2026-0042'), contentType: 'application/pdf' },
    ],
  });
}

/** A delivery status notification, as a mail server writes it. */
function bounceMail() {
  return composeMail({
    from: 'Mail Delivery System <MAILER-DAEMON@mx.supplier.example.be>',
    subject: 'Undelivered Mail Returned to Sender',
    text: 'This is the mail system. Your message could not be delivered.',
  });
}

// Every mailbox would acknowledge everything: only the rule under test keeps the reply back.
const answerEverything = { defaults: { feedback: 'acknowledge' } };

describe('never answering what must not be answered', () => {
  it.each([
    [
      'an automatic reply (Auto-Submitted: auto-replied)',
      { 'Auto-Submitted': 'auto-replied' },
      /automatic reply/,
    ],
    ['an out-of-office note (X-Autoreply)', { 'X-Autoreply': 'yes' }, /automatic reply/],
    [
      'mail a program sent (Auto-Submitted: auto-generated)',
      { 'Auto-Submitted': 'auto-generated' },
      /sent by a program/,
    ],
    ['bulk mail (Precedence: bulk)', { Precedence: 'bulk' }, /bulk mail/],
    ['junk (Precedence: junk)', { Precedence: 'junk' }, /bulk mail/],
    [
      'a list message (List-Id)',
      { 'List-Id': 'Invoices <invoices.lists.supplier.example.be>' },
      /mailing-list/,
    ],
  ])('does not answer %s', async (_name, headers, reason) => {
    const pipeline = new ReplyPipeline({ config: answerEverything });
    const report = await pipeline.deliver(await invoiceMail({ headers }));
    expect(pipeline.replies).toHaveLength(0);
    expect(report.reply).toEqual({ sent: false, reason: expect.stringMatching(reason) });
    expect(report.reply).toEqual({
      sent: false,
      reason: expect.stringContaining('never answered (RFC 3834)'),
    });
  });

  it('still delivers the invoice of a billing system that marks its mail as automatic', async () => {
    const pipeline = new ReplyPipeline({ config: answerEverything });
    const report = await pipeline.deliver(
      await invoiceMail({ headers: { 'Auto-Submitted': 'auto-generated' } }),
    );
    expect(report.outcome).toBe('delivered');
    expect(report.reply?.sent).toBe(false);
  });

  it('does not answer a bounce from MAILER-DAEMON with an empty return path', async () => {
    const pipeline = new ReplyPipeline({ config: answerEverything });
    const report = await pipeline.deliver(await bounceMail(), { envelopeSender: '' });
    expect(pipeline.replies).toHaveLength(0);
    expect(report.reply).toEqual({
      sent: false,
      reason: expect.stringMatching(/delivery report|empty return path/),
    });
  });

  it('does not answer a message with an empty return path, whatever its From', async () => {
    const pipeline = new ReplyPipeline({ config: answerEverything });
    const report = await pipeline.deliver(await invoiceMail(), { envelopeSender: '<>' });
    expect(pipeline.replies).toHaveLength(0);
    expect(report.reply).toEqual({ sent: false, reason: expect.stringContaining('empty return path') });
  });

  it.each([
    ['DMARC FAIL (quarantined)', 'FAIL'],
    ['no DMARC policy (GRAY, delivered)', 'GRAY'],
    ['DMARC not checked', 'PROCESSING_FAILED'],
  ])('does not answer an unauthenticated sender: %s', async (_name, dmarc) => {
    const pipeline = new ReplyPipeline({ config: answerEverything });
    const report = await pipeline.deliver(await invoiceMail(), { verdicts: { ...PASSING, dmarc } });
    expect(pipeline.replies).toHaveLength(0);
    expect(report.reply).toEqual({
      sent: false,
      reason: expect.stringContaining(`not authenticated (DMARC ${dmarc})`),
    });
  });

  it('does not answer a virus, even from an authenticated sender', async () => {
    const pipeline = new ReplyPipeline({ config: answerEverything });
    const report = await pipeline.deliver(await invoiceMail(), { verdicts: { ...PASSING, virus: 'FAIL' } });
    expect(report.outcome).toBe('quarantined');
    expect(pipeline.replies).toHaveLength(0);
    expect(report.reply).toEqual({ sent: false, reason: expect.stringContaining('virus') });
  });

  it('does not answer spam', async () => {
    const pipeline = new ReplyPipeline({ config: answerEverything });
    const report = await pipeline.deliver(await invoiceMail(), { verdicts: { ...PASSING, spam: 'FAIL' } });
    expect(pipeline.replies).toHaveLength(0);
    expect(report.reply).toEqual({ sent: false, reason: expect.stringContaining('spam') });
  });

  it('does not explain a hold on SES verdicts to the sender', async () => {
    const pipeline = new ReplyPipeline({ config: answerEverything });
    const report = await pipeline.deliver(await invoiceMail(), { verdicts: { ...PASSING, virus: 'GRAY' } });
    expect(report.outcome).toBe('quarantined');
    expect(pipeline.replies).toHaveLength(0);
    expect(report.reply).toEqual({
      sent: false,
      reason: expect.stringContaining('held or refused by the policy (SES verdicts'),
    });
  });

  it.each([
    ['an address of our domain', `billing@${DOMAIN}`],
    ['an address of a subdomain of ours', `robot@mail.${DOMAIN}`],
    ['our reply address', REPLY_FROM],
  ])('does not answer mail from %s', async (_name, from) => {
    const pipeline = new ReplyPipeline({ config: answerEverything });
    const report = await pipeline.deliver(await invoiceMail({ from }));
    expect(pipeline.replies).toHaveLength(0);
    expect(report.reply?.sent).toBe(false);
  });

  it('does not answer mail sent to the reply address itself (a person replying to a reply)', async () => {
    const pipeline = new ReplyPipeline({ config: answerEverything });
    const report = await pipeline.deliver(await invoiceMail(), { recipients: [REPLY_FROM] });
    expect(report.outcome).toBe('unroutable');
    expect(pipeline.replies).toHaveLength(0);
    expect(report.reply).toEqual({ sent: false, reason: expect.stringContaining('reply address') });
  });

  it('answers a delivered message only when the mailbox acknowledges (the default is problems only)', async () => {
    const pipeline = new ReplyPipeline();
    const report = await pipeline.deliver(await invoiceMail());
    expect(report.outcome).toBe('delivered');
    expect(pipeline.replies).toHaveLength(0);
    expect(report.reply).toEqual({ sent: false, reason: expect.stringContaining('feedback: problems') });
  });

  it('answers nothing at all from a mailbox with feedback off', async () => {
    const pipeline = new ReplyPipeline({
      config: { mailboxes: [{ address: 'acme', companyNumber: '0123456749', feedback: 'off' }] },
    });
    const report = await pipeline.deliver(
      await composeMail({ subject: 'Hello', text: 'No attachment here.' }),
    );
    expect(report.outcome).toBe('no-documents');
    expect(pipeline.replies).toHaveLength(0);
    expect(report.reply).toEqual({ sent: false, reason: expect.stringContaining('feedback: off') });
  });
});

describe('a repeat held for review', () => {
  it('tells the report the sender is not answered because the invoice is held as a repeat, not for verdicts', async () => {
    const facts = {
      supplierVat: 'BE0202239951',
      customerVat: 'BE0123456749',
      number: 'R-12',
      issueDate: '2026-03-02',
      amount: '60.50',
    };
    const pipeline = new ReplyPipeline({
      config: {
        ...answerEverything,
        mailboxes: [{ address: 'acme', companyNumber: '0123456749', invoiceRepeats: 'hold' }],
      },
    });
    const first = await pipeline.deliver(
      await composeMail({
        subject: 'Invoice R-12',
        attachments: [
          { filename: 'invoice.xml', content: invoiceXml(facts), contentType: 'application/xml' },
        ],
      }),
    );
    // Positive control: the first one is delivered and acknowledged.
    expect(first.outcome).toBe('delivered');
    expect(first.reply).toMatchObject({ sent: true });

    const repeat = await pipeline.deliver(
      await composeMail({
        subject: 'Invoice R-12 again',
        attachments: [
          { filename: 'factuur.pdf', content: await invoicePdf(facts), contentType: 'application/pdf' },
        ],
      }),
    );
    expect(repeat.outcome).toBe('quarantined');
    expect(repeat.deliveries[0]?.uploads[0]?.status).toBe('held');
    expect(pipeline.replies).toHaveLength(1);
    expect(repeat.reply).toEqual({
      sent: false,
      reason:
        'the invoice is held as a possible repeat of one the administration received before ' +
        '(invoiceRepeats: hold); the sender hears when the accounting office releases it',
    });
  });
});
