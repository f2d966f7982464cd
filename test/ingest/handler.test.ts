import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { ClearfactsClient } from '../../functions/clearfacts/clearfacts-client';
import { parseConfig } from '../../functions/config/load-config';
import { createHandler } from '../../functions/ingest/create-handler';
import { createMemoryLedger } from '../../functions/ledger/memory-ledger';
import { type LocalS3, startLocalS3 } from '../../functions/local/local-s3';
import type { MessageReport } from '../../functions/reports/message-report';
import { S3ReportStore } from '../../functions/reports/s3-report-store';
import { MailboxRouter } from '../../functions/routing/route-recipients';
import { eventLogFrom } from '../../functions/shared/event-log';
import { S3MessageStore } from '../../functions/storage/s3-message-store';
import { captureOutput } from '../support/capture-output';
import {
  AS_CLEARFACTS,
  type ClearfactsStandIn,
  startClearfactsStandIn,
} from '../support/clearfacts-stand-in';
import { composeMail } from '../support/compose-mail';
import {
  answerTokenSecret,
  LAMBDA_CONTEXT,
  testHandlerOptions,
  testTokenProvider,
} from '../support/ingest-harness';
import { minimalPdf } from '../support/minimal-pdf';
import { loadEvent, sesNotification, snsEnvelope, sqsEvent, sqsRecord } from '../support/ses-events';

const BUCKET = 'mail-bucket';
// Recognisable, 80 characters like a real personal access token.
const TOKEN = `cfTEST${'x7Q9'.repeat(18)}SECRET`;
const FAILING_COMPANY = '0203201340';
const secrets = mockClient(SecretsManagerClient);

const config = parseConfig({
  domain: 'invoices.example.com',
  mailboxes: [
    { address: 'acme', companyNumber: 'BE 0123.456.749', name: 'Acme NV' },
    { address: 'peeters', companyNumber: FAILING_COMPANY },
  ],
});

let s3: LocalS3;
let clearfacts: ClearfactsStandIn;

beforeAll(async () => {
  s3 = await startLocalS3({ directory: mkdtempSync(join(tmpdir(), 's3-')), buckets: [BUCKET] });
  clearfacts = await startClearfactsStandIn({ token: TOKEN });
});

afterAll(async () => {
  await clearfacts.close();
  await s3.close();
  s3.client.destroy();
});

beforeEach(() => {
  secrets.reset();
  answerTokenSecret(secrets, { SecretString: JSON.stringify({ token: TOKEN }) });
  // Uploads to one company fail as if Clearfacts were down; the others succeed.
  clearfacts.respondAlways((request) =>
    request.variables?.companyNumber === FAILING_COMPANY
      ? { status: 503, body: { message: 'Service Unavailable' } }
      : AS_CLEARFACTS,
  );
});

function buildHandler() {
  const logger = new Logger({ serviceName: 'ingest-test' });
  const token = testTokenProvider();
  const router = new MailboxRouter(config);
  return createHandler({
    ...testHandlerOptions(logger),
    // The retry schedule and the ledger have their own tests (exactly-once.test.ts).
    retries: { retryLater: async () => undefined },
    deps: () => ({
      router,
      messages: new S3MessageStore(s3.client),
      reports: new S3ReportStore(s3.client),
      ledger: createMemoryLedger(),
      log: eventLogFrom(logger),
      now: () => new Date('2026-11-20T09:15:00Z'),
      uploader: new ClearfactsClient({
        apiUrl: clearfacts.url,
        token,
        sleep: async () => undefined,
      }),
    }),
  });
}

async function storeMessage(messageId: string, raw: Buffer): Promise<void> {
  await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `inbound/${messageId}`, Body: raw }));
}

async function readReport(messageId: string): Promise<MessageReport> {
  const object = await s3.client.send(
    new GetObjectCommand({ Bucket: BUCKET, Key: `reports/${messageId}.json` }),
  );
  return JSON.parse(await (object.Body?.transformToString() ?? '')) as MessageReport;
}

function recordFor(messageId: string, recipients: string[], raw = true): ReturnType<typeof sqsRecord> {
  const notification = sesNotification({ messageId, recipients, bucket: BUCKET });
  return sqsRecord(`sqs-${messageId}`, raw ? snsEnvelope(notification) : JSON.stringify(notification));
}

/** Runs the handler, keeping its log lines out of the test output (the token test reads them). */
async function invokeCapturing(event: SQSEvent): Promise<{ result: SQSBatchResponse; output: string }> {
  const handler = buildHandler();
  return captureOutput(async () => (await handler(event, LAMBDA_CONTEXT)) as SQSBatchResponse);
}

async function invoke(event: SQSEvent): Promise<SQSBatchResponse> {
  return (await invokeCapturing(event)).result;
}

describe('the ingest Lambda handler', () => {
  it('uploads the attachment of an SNS-wrapped notification to the routed administration', async () => {
    const pdf = minimalPdf('Invoice 2026-0042 from Supplier BV');
    await storeMessage(
      'msg-pdf',
      await composeMail({
        subject: 'Invoice 2026-0042',
        attachments: [{ filename: 'invoice-2026-0042.pdf', content: pdf }],
      }),
    );
    const before = clearfacts.uploads.length;

    const response = await invoke(sqsEvent([recordFor('msg-pdf', ['acme@invoices.example.com'])]));

    expect(response.batchItemFailures).toEqual([]);
    const uploads = clearfacts.uploads.slice(before);
    expect(uploads).toHaveLength(1);
    expect(Buffer.from(uploads[0]?.file.bytes ?? [])).toEqual(pdf);
    expect(uploads[0]).toMatchObject({
      companyNumber: '0123456749',
      invoicetype: 'PURCHASE',
      filename: 'invoice-2026-0042.pdf',
    });
    const report = await readReport('msg-pdf');
    expect(report.outcome).toBe('delivered');
    expect(report.deliveries[0]?.uploads[0]).toMatchObject({ status: 'uploaded', uuid: uploads[0]?.uuid });
  });

  it('accepts the SES notification itself (raw message delivery on)', async () => {
    const pdf = minimalPdf('Raw delivery invoice');
    await storeMessage(
      'msg-raw',
      await composeMail({ attachments: [{ filename: 'raw.pdf', content: pdf }] }),
    );
    const before = clearfacts.uploads.length;

    const response = await invoke(sqsEvent([recordFor('msg-raw', ['acme@invoices.example.com'], false)]));

    expect(response.batchItemFailures).toEqual([]);
    expect(Buffer.from(clearfacts.uploads[before]?.file.bytes ?? [])).toEqual(pdf);
  });

  it('retries only the failed message of a batch and reports the others', async () => {
    const good = minimalPdf('Good invoice');
    await storeMessage(
      'msg-good',
      await composeMail({ attachments: [{ filename: 'good.pdf', content: good }] }),
    );
    await storeMessage(
      'msg-down',
      await composeMail({ attachments: [{ filename: 'down.pdf', content: minimalPdf('Down') }] }),
    );
    await storeMessage(
      'msg-lost',
      await composeMail({ attachments: [{ filename: 'lost.pdf', content: minimalPdf('Lost') }] }),
    );

    const response = await invoke(
      sqsEvent([
        recordFor('msg-good', ['acme@invoices.example.com']),
        recordFor('msg-down', ['peeters@invoices.example.com']),
        recordFor('msg-lost', ['nobody@invoices.example.com']),
      ]),
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'sqs-msg-down' }]);
    expect((await readReport('msg-good')).outcome).toBe('delivered');
    const down = await readReport('msg-down');
    expect(down.outcome).toBe('retrying');
    expect(down.deliveries[0]?.uploads[0]).toMatchObject({ status: 'failed', errorKind: 'retryable' });
    const lost = await readReport('msg-lost');
    expect(lost.outcome).toBe('unroutable');
    expect(lost.recipients).toEqual([
      {
        recipient: 'nobody@invoices.example.com',
        reason: 'no mailbox is configured for nobody@invoices.example.com',
      },
    ]);
  });

  it('reports a raw message that is gone as a permanent failure instead of retrying it for a day', async () => {
    const response = await invoke(sqsEvent([recordFor('msg-gone', ['acme@invoices.example.com'])]));

    expect(response.batchItemFailures).toEqual([]);
    const report = await readReport('msg-gone');
    expect(report.outcome).toBe('failed');
    expect(report.error).toBe(`StorageError: The raw message s3://${BUCKET}/inbound/msg-gone does not exist`);
  });

  it('ignores the notification SES sends when a receipt rule is created', async () => {
    const setup = loadEvent('ses-setup-notification.json');
    const before = clearfacts.requests.length;

    const response = await invoke(sqsEvent([sqsRecord('sqs-setup', snsEnvelope(setup))]));

    expect(response.batchItemFailures).toEqual([]);
    expect(clearfacts.requests.length).toBe(before);
  });

  it('returns a notification it cannot read to the queue, so it ends in the DLQ instead of vanishing', async () => {
    const response = await invoke(
      sqsEvent([sqsRecord('sqs-garbage', '{"Type":"Notification","Message":"not json"}')]),
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'sqs-garbage' }]);
  });

  it('reads a bare token from the secret too', async () => {
    answerTokenSecret(secrets, { SecretString: TOKEN });
    await storeMessage(
      'msg-bare',
      await composeMail({ attachments: [{ filename: 'bare.pdf', content: minimalPdf('Bare') }] }),
    );
    const before = clearfacts.uploads.length;

    const response = await invoke(sqsEvent([recordFor('msg-bare', ['acme@invoices.example.com'])]));

    expect(response.batchItemFailures).toEqual([]);
    expect(clearfacts.uploads.length).toBe(before + 1);
    expect(clearfacts.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('never writes the token to a log line or a report, even when Clearfacts refuses it', async () => {
    await storeMessage(
      'msg-secret',
      await composeMail({ attachments: [{ filename: 'a.pdf', content: minimalPdf('Secret A') }] }),
    );
    await storeMessage(
      'msg-denied',
      await composeMail({ attachments: [{ filename: 'b.pdf', content: minimalPdf('Secret B') }] }),
    );
    const events = sqsEvent([
      recordFor('msg-secret', [
        'acme@invoices.example.com',
        'peeters@invoices.example.com',
        'nobody@invoices.example.com',
      ]),
      recordFor('msg-denied', ['acme@invoices.example.com']),
    ]);
    clearfacts.respondWith(
      AS_CLEARFACTS,
      { status: 503, body: { message: 'down' } },
      { status: 503, body: { message: 'down' } },
      { status: 503, body: { message: 'down' } },
      { status: 401, body: { message: `invalid token ${TOKEN}` } },
    );

    const { result, output } = await invokeCapturing(events);

    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: 'sqs-msg-secret' },
      { itemIdentifier: 'sqs-msg-denied' },
    ]);
    const denied = await readReport('msg-denied');
    expect(denied.deliveries[0]?.uploads[0]?.errorKind).toBe('configuration');
    expect(output).toContain('msg-denied');
    const reports = JSON.stringify([await readReport('msg-secret'), denied]);
    expect(output).not.toContain(TOKEN);
    expect(reports).not.toContain(TOKEN);
    // A fragment is as bad as the whole token.
    expect(`${output}${reports}`).not.toContain(TOKEN.slice(10, 40));
  });
});
