import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ClearfactsClient } from '../../functions/clearfacts/clearfacts-client';
import { parseConfig } from '../../functions/config/load-config';
import { pdfTextLines } from '../../functions/identity/pdf-text';
import { type BatchDeps, processRecord } from '../../functions/ingest/process-batch';
import { releaseMessage } from '../../functions/ingest/release-message';
import type { DeliveryLedger } from '../../functions/ledger/delivery-ledger';
import { createMemoryLedger } from '../../functions/ledger/memory-ledger';
import { MAX_FORWARD_DEPTH } from '../../functions/mail/pick-documents';
import { ChromiumPdfRenderer } from '../../functions/render/chromium-renderer';
import type { PdfRenderer } from '../../functions/render/pdf-renderer';
import type { MessageReport } from '../../functions/reports/message-report';
import { MailboxRouter } from '../../functions/routing/route-recipients';
import { silentLog } from '../../functions/shared/event-log';
import { type ClearfactsStandIn, startClearfactsStandIn } from '../support/clearfacts-stand-in';
import { composeMail } from '../support/compose-mail';
import { minimalPdf } from '../support/minimal-pdf';
import { sesNotification, snsEnvelope } from '../support/ses-events';
import { signedData, smimeMail, throwawaySigner } from '../support/signed-data';

const TOKEN = `cfTEST${'f0Rw'.repeat(18)}RECEIPT`;
const ACME = 'acme@invoices.example.com';
const ALWAYS = 'always@invoices.example.com';
const router = new MailboxRouter(
  parseConfig({
    domain: 'invoices.example.com',
    mailboxes: [
      { address: 'acme', companyNumber: '0123456749' },
      { address: 'always', companyNumber: '0234567873', bodyToPdf: 'always' },
    ],
  }),
);

/** The web shop's receipt: HTML only, no attachment, no document but its body. */
const SHOP = 'Fietsonderdelen Vermeulen';
const AMOUNT = '€ 64,95';
const RECEIPT_SUBJECT = 'Je bestelling VM-20931 is betaald';
const RECEIPT_FILENAME = `2026-11-16 ${RECEIPT_SUBJECT}.pdf`;
function receiptMail(): Promise<Buffer> {
  return composeMail({
    from: `${SHOP} <shop@fietsonderdelen-vermeulen.example>`,
    to: 'jan@acme.example.be',
    subject: RECEIPT_SUBJECT,
    date: new Date('2026-11-16T19:41:00Z'),
    html: `<h1>${SHOP}</h1><p>Bedankt! Hier is je ontvangstbewijs.</p><table><tr><td>Kettingset 11-speed</td><td>${AMOUNT}</td></tr><tr><td><b>Totaal</b></td><td><b>${AMOUNT}</b></td></tr></table>`,
  });
}

/** The client's own mail, carrying `inner` as an attachment: a `.eml`, or an inline `message/rfc822` part. */
function forwardOf(inner: Buffer, how: 'eml' | 'inline' = 'eml', subject = 'Fwd: bonnetje'): Promise<Buffer> {
  return composeMail({
    from: 'Jan Peeters <jan@acme.example.be>',
    to: ACME,
    subject,
    date: new Date('2026-11-18T07:30:00Z'),
    text: 'Zie bijlage.',
    attachments: [
      how === 'eml'
        ? { filename: 'bonnetje.eml', content: inner, contentType: 'application/octet-stream' }
        : { content: inner, contentType: 'message/rfc822', contentDisposition: 'inline' },
    ],
  });
}

// One Chromium for the whole file, started in beforeAll; each render is counted (work, not time).
const chromium = new ChromiumPdfRenderer();
let renders = 0;
const counting: PdfRenderer = {
  render: (html) => {
    renders += 1;
    return chromium.render(html);
  },
};
let clearfacts: ClearfactsStandIn;
let raw: Map<string, Buffer>;
let reports: Map<string, MessageReport>;
let ledger: DeliveryLedger;
let receipt: Buffer;

beforeAll(async () => {
  clearfacts = await startClearfactsStandIn({ token: TOKEN });
  receipt = await receiptMail();
  await chromium.render('<p>ready</p>');
}, 120_000);

afterAll(async () => {
  await chromium.close();
  await clearfacts.close();
});

beforeEach(() => {
  renders = 0;
  raw = new Map();
  reports = new Map();
  ledger = createMemoryLedger();
});

function deps(): BatchDeps {
  return {
    router,
    messages: { openRawMessage: async ({ key }) => Readable.from([raw.get(key) ?? Buffer.alloc(0)]) },
    reports: {
      saveReport: async (report) => {
        reports.set(report.messageId, report);
        return `memory://${report.messageId}`;
      },
      loadReport: async (messageId) => reports.get(messageId),
    },
    ledger,
    log: silentLog,
    now: () => new Date('2026-11-18T07:31:00Z'),
    uploader: new ClearfactsClient({
      apiUrl: clearfacts.url,
      token: () => TOKEN,
      sleep: async () => undefined,
    }),
    renderer: counting,
  };
}

/** Processes `message` as the ingest function does its queue record; what reached the stand-in, and the report. */
async function deliver(messageId: string, message: Buffer, to = ACME, verdicts?: Record<string, string>) {
  raw.set(`inbound/${messageId}`, message);
  const before = clearfacts.uploads.length;
  const result = await processRecord(
    {
      messageId: `sqs-${messageId}`,
      body: snsEnvelope(
        sesNotification({ messageId, recipients: [to], ...(verdicts === undefined ? {} : { verdicts }) }),
      ),
      receiveCount: 1,
    },
    deps(),
  );
  if (result.status !== 'done') throw new Error(`not done: ${JSON.stringify(result)}`);
  const report: MessageReport = result.report;
  return { report, uploads: clearfacts.uploads.slice(before) };
}

/** The PDF's text as pdf.js reads it, lines joined. */
async function textOf(bytes: Uint8Array | undefined): Promise<string> {
  const read = await pdfTextLines(Buffer.from(bytes ?? []));
  if (!read.ok) throw new Error(read.reason);
  return read.lines.map((line) => line.text).join('\n');
}

describe('a receipt forwarded as an attachment', () => {
  it('reaches Clearfacts as one PDF named after the forwarded date and subject, holding the shop and the amount', async () => {
    const { report, uploads } = await deliver('fwd-eml', await forwardOf(receipt));

    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({
      companyNumber: '0123456749',
      filename: RECEIPT_FILENAME,
      file: { type: 'application/pdf' },
    });
    const text = await textOf(uploads[0]?.file.bytes);
    expect(text).toContain(SHOP);
    expect(text).toContain(AMOUNT);
    expect(text).toContain(RECEIPT_SUBJECT);
    expect(renders).toBe(1);
    expect(report.outcome).toBe('delivered');
    // The report says where the PDF came from; the client's note around it is not a document.
    expect(report.documents).toEqual([
      expect.objectContaining({ filename: 'bonnetje.eml', detectedType: 'message', decision: 'skip' }),
      expect.objectContaining({
        filename: RECEIPT_FILENAME,
        origin: `forwarded message "${RECEIPT_SUBJECT}" > message body`,
        detectedType: 'pdf',
        decision: 'upload',
      }),
    ]);
  });

  it('as an inline message/rfc822 part: the same one PDF', async () => {
    const { report, uploads } = await deliver('fwd-inline', await forwardOf(receipt, 'inline'));

    expect(uploads.map((upload) => upload.filename)).toEqual([RECEIPT_FILENAME]);
    expect(await textOf(uploads[0]?.file.bytes)).toContain(AMOUNT);
    expect(report.documents.at(-1)).toMatchObject({
      origin: `forwarded message "${RECEIPT_SUBJECT}" > message body`,
      decision: 'upload',
    });
  });

  it('as another MIME writer forwards it (Python email, message/rfc822 attachment): one PDF with the shop and the amount', async () => {
    const fixture = readFileSync(
      join(__dirname, '..', 'fixtures', 'forwarded', 'receipt-forwarded-by-python.eml'),
    );
    const { report, uploads } = await deliver('fwd-python', fixture);

    expect(uploads.map((upload) => upload.filename)).toEqual([
      '2026-11-17 Bevestiging bestelling KB-55120.pdf',
    ]);
    const text = await textOf(uploads[0]?.file.bytes);
    expect(text).toContain('Espressobar Mechelen');
    expect(text).toContain('€ 38,90');
    expect(report.documents.at(-1)?.origin).toBe(
      'forwarded message "Bevestiging bestelling KB-55120" > message body',
    );
  });

  it('renders the forwarded receipt, not the note around it, even where every body is rendered', async () => {
    const { report, uploads } = await deliver('fwd-always', await forwardOf(receipt), ALWAYS);

    expect(uploads.map((upload) => upload.filename)).toEqual([RECEIPT_FILENAME]);
    expect(renders).toBe(1);
    expect(report.documents.map((document) => document.origin)).not.toContain('message body');
  });
});

describe('several receipts forwarded in one mail', () => {
  it('become one PDF each, named after each forwarded message', async () => {
    const second = await composeMail({
      from: 'Tankstation Zuid <kassa@tankstation-zuid.example>',
      subject: 'Kasticket 0042-7781',
      date: new Date('2026-11-17T06:12:00Z'),
      html: '<p>Tankstation Zuid</p><p>Diesel 41,2 l</p><p>Totaal € 71,30</p>',
    });
    const both = await composeMail({
      from: 'Jan Peeters <jan@acme.example.be>',
      to: ACME,
      subject: 'Fwd: twee bonnetjes',
      text: '',
      attachments: [
        { filename: 'fietsen.eml', content: receipt, contentType: 'message/rfc822' },
        { filename: 'tanken.eml', content: second, contentType: 'message/rfc822' },
      ],
    });
    const { uploads } = await deliver('fwd-two', both);

    expect(uploads.map((upload) => upload.filename)).toEqual([
      RECEIPT_FILENAME,
      '2026-11-17 Kasticket 0042-7781.pdf',
    ]);
    expect(renders).toBe(2);
    expect(await textOf(uploads[1]?.file.bytes)).toContain('€ 71,30');
  });
});

describe('what is not rendered', () => {
  it('a forwarded message with its own PDF: the PDF is uploaded and no body is rendered', async () => {
    const withPdf = await composeMail({
      subject: 'Factuur VM-20931',
      html: `<p>${SHOP}: factuur in bijlage, totaal ${AMOUNT}</p>`,
      attachments: [{ filename: 'factuur-VM-20931.pdf', content: minimalPdf('Factuur VM-20931') }],
    });
    const { report, uploads } = await deliver('fwd-with-pdf', await forwardOf(withPdf));

    expect(uploads.map((upload) => upload.filename)).toEqual(['factuur-VM-20931.pdf']);
    expect(renders).toBe(0);
    expect(report.documents.some((document) => document.origin.endsWith('message body'))).toBe(false);
  });

  it(`a receipt forwarded deeper than ${MAX_FORWARD_DEPTH} levels: nothing rendered, the report says why`, async () => {
    let nested = receipt;
    for (let level = 1; level <= MAX_FORWARD_DEPTH + 1; level += 1) {
      nested = await forwardOf(nested, 'eml', `Fwd: level ${level}`);
    }
    const { report, uploads } = await deliver('fwd-too-deep', nested);

    expect(uploads).toHaveLength(0);
    expect(renders).toBe(0);
    expect(report.outcome).toBe('no-documents');
    expect(report.documents.at(-1)).toMatchObject({
      detectedType: 'message',
      decision: 'skip',
      reason: `forwarded message nested too deep (limit ${MAX_FORWARD_DEPTH}); not opened`,
    });
    expect(report.documents.some((document) => document.origin.endsWith('message body'))).toBe(false);
  });

  it(`positive control: the same receipt ${MAX_FORWARD_DEPTH} levels deep is rendered`, async () => {
    let nested = receipt;
    for (let level = 1; level <= MAX_FORWARD_DEPTH; level += 1) {
      nested = await forwardOf(nested, 'eml', `Fwd: level ${level}`);
    }
    const { uploads } = await deliver('fwd-deepest', nested);

    expect(uploads.map((upload) => upload.filename)).toEqual([RECEIPT_FILENAME]);
    expect(renders).toBe(1);
  });
});

describe('a forwarded receipt held in quarantine', () => {
  it('is not rendered while held, and becomes its one PDF when an admin releases it', async () => {
    const { report, uploads } = await deliver('fwd-held', await forwardOf(receipt), ACME, { spam: 'FAIL' });

    expect(report.outcome).toBe('quarantined');
    expect(uploads).toHaveLength(0);
    expect(renders).toBe(0);

    const before = clearfacts.uploads.length;
    const released = await releaseMessage(
      { messageId: 'fwd-held', bucket: 'mail-bucket', rawMailPrefix: 'inbound/', by: 'admin@office' },
      deps(),
    );
    expect(released.report.outcome).toBe('delivered');
    expect(clearfacts.uploads.slice(before).map((upload) => upload.filename)).toEqual([RECEIPT_FILENAME]);
    expect(renders).toBe(1);
  });
});

describe('an opaque-signed receipt (smime.p7m): the signed body is the message body', () => {
  it('is rendered, named after the signed message, with the signature in the report', async () => {
    const signer = await throwawaySigner('Webshop Signing', `${SHOP} BV`);
    const entity = Buffer.from(
      `Content-Type: text/html; charset=utf-8\r\n\r\n<h1>${SHOP}</h1><p>Ontvangstbewijs, totaal ${AMOUNT}</p>\r\n`,
    );
    const mail = smimeMail(await signedData(entity, signer), 'Ontvangstbewijs VM-20931');
    const { report, uploads } = await deliver('signed-receipt', mail);

    expect(uploads.map((upload) => upload.filename)).toEqual(['2026-11-20 Ontvangstbewijs VM-20931.pdf']);
    expect(await textOf(uploads[0]?.file.bytes)).toContain(AMOUNT);
    expect(report.documents.at(-1)).toMatchObject({
      decision: 'upload',
      signature: expect.objectContaining({ verified: true }),
    });
  });
});
