import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ClearfactsClient } from '../../functions/clearfacts/clearfacts-client';
import { parseConfig } from '../../functions/config/load-config';
import { countBatchMetrics } from '../../functions/ingest/batch-metrics';
import { type BatchDeps, processRecord, type QueueRecord } from '../../functions/ingest/process-batch';
import { createMemoryLedger } from '../../functions/ledger/memory-ledger';
import { type LocalS3, startLocalS3 } from '../../functions/local/local-s3';
import { ChromiumPdfRenderer } from '../../functions/render/chromium-renderer';
import { MAX_RENDER_ATTEMPTS } from '../../functions/render/consider-message-body';
import type { PdfRenderer } from '../../functions/render/pdf-renderer';
import { NO_INVOICE_FOUND } from '../../functions/render/should-render-body';
import { S3ReportStore } from '../../functions/reports/s3-report-store';
import { MailboxRouter } from '../../functions/routing/route-recipients';
import { silentLog } from '../../functions/shared/event-log';
import { METRIC } from '../../functions/shared/metric-names';
import { S3MessageStore } from '../../functions/storage/s3-message-store';
import {
  type ClearfactsStandIn,
  type StandInUpload,
  startClearfactsStandIn,
} from '../support/clearfacts-stand-in';
import { composeMail } from '../support/compose-mail';
import { minimalPdf } from '../support/minimal-pdf';
import { pdfImages, pdfText } from '../support/pdf-inspect';
import {
  LOGO_HEIGHT,
  LOGO_WIDTH,
  newsletterMail,
  RECEIPT_AMOUNT,
  RECEIPT_SHOP,
  receiptMail,
} from '../support/receipt-mail';
import { type RequestCounter, startRequestCounter } from '../support/request-counter';
import { sesNotification, snsEnvelope } from '../support/ses-events';

const BUCKET = 'mail-bucket';
const TOKEN = `cfTEST${'r3N4'.repeat(18)}RENDER`;
const SHOP = 'shop@invoices.example.com';
const ALWAYS = 'always@invoices.example.com';
const NEVER = 'never@invoices.example.com';
const router = new MailboxRouter(
  parseConfig({
    domain: 'invoices.example.com',
    mailboxes: [
      { address: 'shop', companyNumber: '0123456749' },
      { address: 'always', companyNumber: '0234567873', bodyToPdf: 'always' },
      { address: 'never', companyNumber: '0345678997', bodyToPdf: 'never' },
    ],
  }),
);

// One Chromium for the whole file; the renderer under test is the one the local inbox uses.
const chromium = new ChromiumPdfRenderer();
let s3: LocalS3;
let clearfacts: ClearfactsStandIn;
let remote: RequestCounter;
let receipt: Buffer;
let ledger = createMemoryLedger();

beforeAll(async () => {
  s3 = await startLocalS3({ directory: mkdtempSync(join(tmpdir(), 's3-')), buckets: [BUCKET] });
  clearfacts = await startClearfactsStandIn({ token: TOKEN });
  remote = await startRequestCounter();
  receipt = await receiptMail(remote.host);
  // Starts the browser here, so no test's time limit includes Chromium's start on a busy machine.
  await chromium.render('<p>ready</p>');
}, 120_000);

beforeEach(() => {
  ledger = createMemoryLedger();
});

afterAll(async () => {
  await chromium.close();
  await remote.close();
  await clearfacts.close();
  await s3.close();
  s3.client.destroy();
});

function deps(renderer: PdfRenderer | undefined): BatchDeps {
  return {
    router,
    messages: new S3MessageStore(s3.client),
    reports: new S3ReportStore(s3.client),
    ledger,
    log: silentLog,
    now: () => new Date('2026-11-20T09:15:00Z'),
    uploader: new ClearfactsClient({
      apiUrl: clearfacts.url,
      token: () => TOKEN,
      sleep: async () => undefined,
    }),
    ...(renderer === undefined ? {} : { renderer }),
  };
}

/** Stores `raw` as SES would and processes its queue record, as the ingest function does. */
async function deliver(
  messageId: string,
  raw: Buffer,
  to: string,
  options: { receiveCount?: number; renderer?: PdfRenderer } = {},
) {
  await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `inbound/${messageId}`, Body: raw }));
  const record: QueueRecord = {
    messageId: `sqs-${messageId}`,
    body: snsEnvelope(sesNotification({ messageId, recipients: [to], bucket: BUCKET })),
    receiveCount: options.receiveCount ?? 1,
  };
  const before = clearfacts.uploads.length;
  const result = await processRecord(record, deps('renderer' in options ? options.renderer : chromium));
  return { result, uploads: clearfacts.uploads.slice(before) };
}

function bytesOf(upload: StandInUpload | undefined): Buffer {
  return Buffer.from(upload?.file.bytes ?? []);
}

describe('a receipt that is the mail itself', () => {
  it('reaches Clearfacts as a PDF named after its date and subject, holding the shop and the amount', async () => {
    const { result, uploads } = await deliver('receipt-1', receipt, SHOP);

    expect(result.status).toBe('done');
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({
      companyNumber: '0123456749',
      filename: '2026-11-20 Uw parkeerticket PM-2026-118842.pdf',
      file: { type: 'application/pdf' },
    });
    const text = await pdfText(bytesOf(uploads[0]));
    expect(text).toContain(RECEIPT_SHOP);
    expect(text).toContain(RECEIPT_AMOUNT);
    // The header block above the body.
    expect(text).toContain('Parking Meir <noreply@parkeren-meir.example>');
    expect(text).toContain('Friday 20 November 2026, 10:14:02 CET');
    const report = result.status === 'done' ? result.report : undefined;
    expect(report?.outcome).toBe('delivered');
    expect(report?.documents).toContainEqual(
      expect.objectContaining({ filename: 'logo.png', decision: 'skip' }),
    );
    expect(report?.documents).toContainEqual(
      expect.objectContaining({
        filename: '2026-11-20 Uw parkeerticket PM-2026-118842.pdf',
        origin: 'message body',
        detectedType: 'pdf',
        decision: 'upload',
      }),
    );
  });

  it('fetches none of its remote images, styles or frames', async () => {
    const { uploads } = await deliver('receipt-2', receipt, SHOP);

    expect(uploads).toHaveLength(1);
    expect(remote.requests).toEqual([]);
    // Positive control: the counter does see a request that is made.
    await remote.control();
  });

  it('shows its cid: logo: the PDF holds that image', async () => {
    const { uploads } = await deliver('receipt-3', receipt, SHOP);

    expect(await pdfImages(bytesOf(uploads[0]))).toContainEqual({ width: LOGO_WIDTH, height: LOGO_HEIGHT });
  });

  it('runs none of its scripts or handlers', async () => {
    const { uploads } = await deliver('receipt-4', receipt, SHOP);

    const text = await pdfText(bytesOf(uploads[0]));
    expect(text).toContain(RECEIPT_SHOP);
    expect(text).not.toContain('SCRIPT RAN');
    expect(text).not.toContain('HANDLER RAN');
  });

  it('is recognised by the ledger when the same message comes again: the same bytes, not sent twice', async () => {
    const first = await deliver('receipt-5', receipt, SHOP);
    const again = await deliver('receipt-5-again', receipt, SHOP);

    expect(first.uploads).toHaveLength(1);
    expect(again.uploads).toHaveLength(0);
    const report = again.result.status === 'done' ? again.result.report : undefined;
    expect(report?.deliveries[0]?.uploads[0]).toMatchObject({
      status: 'duplicate',
      deliveredFrom: 'receipt-5',
    });
  });
});

describe('the mailbox policy', () => {
  it('auto leaves a newsletter alone, reported as no invoice found', async () => {
    const { result, uploads } = await deliver('newsletter-auto', await newsletterMail(), SHOP);

    expect(uploads).toHaveLength(0);
    const report = result.status === 'done' ? result.report : undefined;
    expect(report?.outcome).toBe('no-documents');
    expect(report?.documents).toEqual([
      expect.objectContaining({
        filename: '2026-11-20 De lente komt eraan.html',
        origin: 'message body',
        decision: 'skip',
        reason: NO_INVOICE_FOUND,
      }),
    ]);
  });

  it('always renders the newsletter', async () => {
    const { uploads } = await deliver('newsletter-always', await newsletterMail(), ALWAYS);

    expect(uploads).toHaveLength(1);
    expect(uploads[0]?.filename).toBe('2026-11-20 De lente komt eraan.pdf');
    expect(await pdfText(bytesOf(uploads[0]))).toContain('Fietsen Janssens');
  });

  it('never renders the receipt', async () => {
    const { result, uploads } = await deliver('receipt-never', receipt, NEVER);

    expect(uploads).toHaveLength(0);
    const report = result.status === 'done' ? result.report : undefined;
    expect(report?.documents.at(-1)).toMatchObject({
      origin: 'message body',
      decision: 'skip',
      reason: 'the mailbox does not turn message bodies into PDFs (bodyToPdf: never)',
    });
  });

  it('leaves the body alone when the mail has a document to upload', async () => {
    const withPdf = await composeMail({
      subject: 'Factuur 2026-118',
      html: '<p>Factuur in bijlage. Totaal € 121,00</p>',
      attachments: [{ filename: 'factuur.pdf', content: minimalPdf('Factuur 2026-118') }],
    });
    const { uploads } = await deliver('with-attachment', withPdf, ALWAYS);

    expect(uploads.map((upload) => upload.filename)).toEqual(['factuur.pdf']);
  });
});

describe('a render that fails', () => {
  // A limit no Chromium can meet: the render times out like a stuck page would.
  const stuck = new ChromiumPdfRenderer({ timeLimitMs: 1 });
  afterAll(() => stuck.close());

  it('sends the message back to the queue while attempts remain', async () => {
    const { result, uploads } = await deliver('stuck-1', receipt, SHOP, { receiveCount: 1, renderer: stuck });

    expect(uploads).toHaveLength(0);
    expect(result).toMatchObject({
      status: 'retry',
      errorKind: 'retryable',
      error: 'RenderError: Rendering the page took longer than 0.001 s',
    });
  });

  it('on the last attempt, is reported and the message finishes as failed, its raw mail kept', async () => {
    const { result, uploads } = await deliver('stuck-3', receipt, SHOP, {
      receiveCount: MAX_RENDER_ATTEMPTS,
      renderer: stuck,
    });

    expect(uploads).toHaveLength(0);
    expect(result.status).toBe('done');
    const report = result.status === 'done' ? result.report : undefined;
    const reason =
      'the message body could not be rendered to PDF: RenderError: Rendering the page took longer than 0.001 s';
    expect(report).toMatchObject({
      outcome: 'failed',
      error: reason,
      rawMessage: `s3://${BUCKET}/inbound/stuck-3`,
    });
    expect(report?.documents.at(-1)).toMatchObject({ origin: 'message body', decision: 'skip', reason });
    // The render-failure alarm watches this count.
    expect(countBatchMetrics([result])[METRIC.bodyRendersFailed]).toBe(1);
  });

  it('is reported as not available where no renderer is wired', async () => {
    const { result, uploads } = await deliver('no-renderer', receipt, SHOP, { renderer: undefined });

    expect(uploads).toHaveLength(0);
    const report = result.status === 'done' ? result.report : undefined;
    expect(report?.outcome).toBe('no-documents');
    expect(report?.documents.at(-1)?.reason).toBe(
      'rendering message bodies to PDF is not available where this message was processed',
    );
    // A body skipped on purpose is no failed render.
    expect(countBatchMetrics([result])[METRIC.bodyRendersFailed]).toBe(0);
  });
});
