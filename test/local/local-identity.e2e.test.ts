import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SendMailOptions } from 'nodemailer';
import type { MessageReport } from '../../functions/reports/message-report';
import { type InvoiceFacts, invoicePdf, invoiceXml } from '../support/invoice-documents';
import { type LocalTestStack, queuedMessageId, startLocalTestStack } from '../support/local-stack-mail';

/** Telco NV's invoice to Acme, the example config's `acme` mailbox (0123456749). */
const INVOICE: InvoiceFacts = {
  supplierVat: 'BE0202239951',
  customerVat: 'BE0123456749',
  number: 'T-2026-311',
  issueDate: '2026-11-02',
  amount: '1234.56',
};

describe('the same invoice in other bytes, through the local inbox (npm start)', () => {
  let local: LocalTestStack;

  beforeAll(async () => {
    local = await startLocalTestStack({ prefix: 'local-identity-' });
  });

  afterAll(() => local.stop());

  /** Sends Telco's mail to Acme and waits until the stack has processed it; resolves with its id. */
  async function send(mail: SendMailOptions): Promise<string> {
    const info = await local.send({
      from: 'Telco NV <billing@telco.example.be>',
      to: 'acme@invoices.example.com',
      ...mail,
    });
    await local.stack.idle();
    return queuedMessageId(info);
  }

  const report = (messageId: string): Promise<MessageReport> => local.report(messageId);

  it('reports both identities and flags the PDF that repeats the e-invoice, in the sandbox too', async () => {
    const xml = invoiceXml(INVOICE);
    const first = await send({
      subject: 'e-invoice T-2026-311',
      attachments: [{ filename: 'T-2026-311.xml', content: xml, contentType: 'application/xml' }],
    });
    const pdf = await invoicePdf(INVOICE);
    const second = await send({
      subject: 'Reminder: invoice T-2026-311',
      attachments: [{ filename: 'T-2026-311.pdf', content: pdf, contentType: 'application/pdf' }],
    });

    const identity = {
      supplier: 'BE0202239951',
      documentType: 'invoice',
      number: 'T-2026-311',
      amount: '1234.56',
    };
    const xmlReport = await report(first);
    expect(xmlReport.documents[0]?.identity).toMatchObject({ identified: true, source: 'xml', ...identity });
    const pdfReport = await report(second);
    expect(pdfReport.documents[0]?.identity).toMatchObject({
      identified: true,
      source: 'pdf-text',
      ...identity,
    });
    expect(pdfReport.outcome).toBe('delivered');
    expect(pdfReport.deliveries[0]?.uploads[0]).toMatchObject({
      status: 'uploaded',
      repeatOf: { filename: 'T-2026-311.xml', messageId: first },
    });

    // Both reached the sandbox; the PDF's comment opens with the doubt.
    const folder = join(local.stack.paths.clearfacts, '0123456749');
    const names = (await readdir(folder)).filter((name) => !name.endsWith('.json'));
    const sidecars = await Promise.all(
      names.map(async (name) => JSON.parse(await readFile(join(folder, `${name}.json`), 'utf8'))),
    );
    const comments = sidecars.map((sidecar) => String(sidecar.variables.comment));
    expect(comments).toHaveLength(2);
    expect(comments.filter((comment) => comment.startsWith(`Possible duplicate of T-2026-311.xml`))).toEqual([
      expect.stringContaining(`in message ${first}; From: `),
    ]);
  });
});
