import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createTransport, type SendMailOptions } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { loadConfigFile } from '../../functions/config/load-config';
import { localS3Client } from '../../functions/local/local-s3';
import { EXAMPLE_CONFIG_PATH } from '../../functions/local/local-settings';
import { type LocalStack, startLocalStack } from '../../functions/local/local-stack';
import type { MessageReport } from '../../functions/reports/message-report';
import { type InvoiceFacts, invoicePdf, invoiceXml } from '../support/invoice-documents';

/** Telco NV's invoice to Acme, the example config's `acme` mailbox (0123456749). */
const INVOICE: InvoiceFacts = {
  supplierVat: 'BE0202239951',
  customerVat: 'BE0123456749',
  number: 'T-2026-311',
  issueDate: '2026-11-02',
  amount: '1234.56',
};

describe('the same invoice in other bytes, through the local inbox (npm start)', () => {
  let dataDir: string;
  let stack: LocalStack;
  let s3: S3Client;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'local-identity-'));
    stack = await startLocalStack({
      config: loadConfigFile(EXAMPLE_CONFIG_PATH),
      dataDir,
      smtpPort: 0,
      s3Port: 0,
      sandboxPort: 0,
      onEvent: () => undefined,
    });
    s3 = localS3Client(stack.s3Endpoint);
  });

  afterAll(async () => {
    s3.destroy();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function send(mail: SendMailOptions): Promise<string> {
    const transport = createTransport({
      host: '127.0.0.1',
      port: stack.smtpPort,
      secure: false,
      ignoreTLS: true,
    });
    try {
      const info: SMTPTransport.SentMessageInfo = await transport.sendMail({
        from: 'Telco NV <billing@telco.example.be>',
        to: 'acme@invoices.example.com',
        ...mail,
      });
      await stack.idle();
      const id = /queued as ([a-z0-9]{40})/.exec(info.response)?.[1];
      if (id === undefined) throw new Error(`No message id in "${info.response}"`);
      return id;
    } finally {
      transport.close();
    }
  }

  async function report(messageId: string): Promise<MessageReport> {
    const object = await s3.send(
      new GetObjectCommand({ Bucket: stack.bucket, Key: `reports/${messageId}.json` }),
    );
    return JSON.parse(await (object.Body?.transformToString() ?? '')) as MessageReport;
  }

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
    const folder = join(stack.paths.clearfacts, '0123456749');
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
