import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { SendMailOptions } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { eventLines } from '../../functions/local/event-lines';
import type { LocalEvent } from '../../functions/local/local-events';
import type { LocalStack } from '../../functions/local/local-stack';
import { textPdf } from '../../functions/local/text-pdf';
import type { MessageReport } from '../../functions/reports/message-report';
import { type LocalTestStack, queuedMessageId, startLocalTestStack } from '../support/local-stack-mail';

const UBL_INVOICE = `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>SALE-2026-0007</cbc:ID>
  <cbc:IssueDate>2026-11-20</cbc:IssueDate>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
</Invoice>
`;

/** What one accepted upload left in the sandbox's folder: the bytes and the sidecar. */
interface SandboxFile {
  readonly bytes: Buffer;
  readonly sidecar: { variables: Record<string, unknown>; uuid: string };
}

describe('the local inbox, end to end over SMTP, S3 and HTTP', () => {
  const events: LocalEvent[] = [];
  let local: LocalTestStack;
  let stack: LocalStack;

  beforeAll(async () => {
    local = await startLocalTestStack({ prefix: 'local-inbox-', onEvent: (event) => events.push(event) });
    stack = local.stack;
  });

  afterAll(() => local.stop());

  const send = (mail: SendMailOptions): Promise<SMTPTransport.SentMessageInfo> =>
    local.send({ from: 'Supplier BV <billing@supplier.example.be>', ...mail });
  const sesMessageId = queuedMessageId;
  const report = (messageId: string): Promise<MessageReport> => local.report(messageId);

  async function sandboxFiles(companyNumber: string): Promise<SandboxFile[]> {
    const directory = join(stack.paths.clearfacts, companyNumber);
    const names = (await readdir(directory)).filter((name) => !name.endsWith('.json'));
    return Promise.all(
      names.map(async (name) => ({
        bytes: await readFile(join(directory, name)),
        sidecar: JSON.parse(await readFile(join(directory, `${name}.json`), 'utf8')),
      })),
    );
  }

  it('delivers an emailed PDF invoice to the recipient’s administration, byte for byte', async () => {
    const pdf = textPdf(['INVOICE 2026-0042', 'Supplier BV', 'Total 121.00 EUR']);
    const info = await send({
      to: 'acme@invoices.example.com',
      subject: 'Invoice 2026-0042',
      text: 'Please find our invoice attached.',
      attachments: [{ filename: 'invoice-2026-0042.pdf', content: pdf, contentType: 'application/pdf' }],
    });
    expect(info.accepted).toEqual(['acme@invoices.example.com']);
    await stack.idle();

    const [file, ...others] = await sandboxFiles('0123456749');
    expect(others).toHaveLength(0);
    expect(file?.bytes.equals(pdf)).toBe(true);
    expect(file?.sidecar.variables).toMatchObject({
      companyNumber: '0123456749',
      invoicetype: 'PURCHASE',
      filename: 'invoice-2026-0042.pdf',
    });
    const delivered = await report(sesMessageId(info));
    expect(delivered.outcome).toBe('delivered');
    expect(delivered.deliveries[0]?.uploads[0]?.uuid).toBe(file?.sidecar.uuid);
  });

  it('refuses a recipient outside the domain at RCPT TO and reports an unknown mailbox as unroutable', async () => {
    const info = await send({
      to: ['nobody@elsewhere.example', 'nobody@invoices.example.com'],
      subject: 'Invoice for nobody',
      attachments: [{ filename: 'lost.pdf', content: textPdf(['LOST']), contentType: 'application/pdf' }],
    });
    expect(info.accepted).toEqual(['nobody@invoices.example.com']);
    expect(info.rejected).toEqual(['nobody@elsewhere.example']);
    const refusal = (info as { rejectedErrors?: { responseCode?: number; response?: string }[] })
      .rejectedErrors?.[0];
    expect(refusal?.responseCode).toBe(550);
    expect(refusal?.response).toMatch(/^550 5\.1\.1 .*accepts mail only for @invoices\.example\.com/);

    await expect(send({ to: 'someone@elsewhere.example', text: 'hello' })).rejects.toMatchObject({
      responseCode: 550,
    });
    await stack.idle();

    const unroutable = await report(sesMessageId(info));
    expect(unroutable.outcome).toBe('unroutable');
    expect(unroutable.recipients).toEqual([
      expect.objectContaining({ recipient: 'nobody@invoices.example.com', reason: expect.any(String) }),
    ]);
  });

  it('delivers a UBL invoice sent to a sales convention address to that company’s sales tray', async () => {
    const xml = Buffer.from(UBL_INVOICE);
    const info = await send({
      to: 'verkoop-0203201340@invoices.example.com',
      subject: 'e-invoice SALE-2026-0007',
      attachments: [{ filename: 'SALE-2026-0007.xml', content: xml, contentType: 'application/xml' }],
    });
    await stack.idle();

    const [file, ...others] = await sandboxFiles('0203201340');
    expect(others).toHaveLength(0);
    expect(file?.bytes.equals(xml)).toBe(true);
    expect(file?.sidecar.variables).toMatchObject({ companyNumber: '0203201340', invoicetype: 'SALE' });
    expect((await report(sesMessageId(info))).outcome).toBe('delivered');
  });

  it('said what happened to every accepted message, one report each, and nothing was retried', () => {
    const processed = events.filter((event) => event.type === 'processed');
    expect(processed).toHaveLength(3);
    expect(processed.every((event) => event.reportFile !== undefined)).toBe(true);
    expect(events.filter((event) => event.type === 'refused')).toHaveLength(2);
    expect(events.some((event) => event.type === 'retry' || event.type === 'log')).toBe(false);
  });
});

describe('the local inbox with acknowledgements on', () => {
  const events: LocalEvent[] = [];
  let stack: LocalStack;
  let local: LocalTestStack;

  beforeAll(async () => {
    local = await startLocalTestStack({
      prefix: 'local-replies-',
      config: (example) => ({ ...example, defaults: { ...example.defaults, feedback: 'acknowledge' } }),
      onEvent: (event) => events.push(event),
    });
    stack = local.stack;
  });

  afterAll(() => local.stop());

  it('acknowledges a sent invoice in the local catch-all, with the pages Clearfacts counted', async () => {
    const info = await local.send({
      from: 'Supplier BV <billing@supplier.example.be>',
      to: 'acme@invoices.example.com',
      subject: 'Invoice 2026-0099',
      messageId: '<invoice-2026-0099@supplier.example.be>',
      text: 'Please find our invoice attached.',
      attachments: [
        {
          filename: 'invoice-2026-0099.pdf',
          content: textPdf(['INVOICE 2026-0099']),
          contentType: 'application/pdf',
        },
      ],
    });
    await stack.idle();

    const messageId = queuedMessageId(info);
    const file = join(stack.paths.replies, `${messageId}.eml`);
    expect(events).toContainEqual({
      type: 'reply',
      reply: { to: 'billing@supplier.example.be', subject: 'Received: Invoice 2026-0099', file },
    });
    const reply = await simpleParser(await readFile(file));
    expect(reply.from?.text).toBe('noreply@invoices.example.com');
    expect(reply.to).toMatchObject({ text: 'billing@supplier.example.be' });
    expect(reply.inReplyTo).toBe('<invoice-2026-0099@supplier.example.be>');
    expect(reply.headers.get('auto-submitted')).toBe('auto-replied');
    expect(reply.text).toContain('- invoice-2026-0099.pdf: delivered (1 page)');
    expect(reply.text).toContain(messageId);
    expect(eventLines(events.find((event) => event.type === 'reply') as LocalEvent, (path) => path)).toEqual([
      `replied to billing@supplier.example.be: "Received: Invoice 2026-0099" → ${file}`,
    ]);
  });
});
