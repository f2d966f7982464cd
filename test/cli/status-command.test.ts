import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsAccess } from '../../functions/cli/cli-deps';
import { runStatusCommand, type StatusResult } from '../../functions/cli/status-command';
import { UsageError } from '../../functions/cli/usage-error';
import { type LocalS3, startLocalS3 } from '../../functions/local/local-s3';
import { type MessageReport, REPORT_VERSION } from '../../functions/reports/message-report';
import { S3RecentReports } from '../../functions/reports/s3-recent-reports';
import { S3ReportStore } from '../../functions/reports/s3-report-store';
import { captureOutput } from '../support/capture-output';

const BUCKET = 'mail-bucket';
const HOUR = 3_600_000;
const now = new Date();
const ago = (hours: number): Date => new Date(now.getTime() - hours * HOUR);

const ACME = {
  recipient: 'acme@invoices.example.com',
  mailbox: 'acme@invoices.example.com',
  companyNumber: '0123456749',
  invoiceType: 'PURCHASE',
};
const PEETERS = {
  recipient: 'peeters@invoices.example.com',
  mailbox: 'peeters@invoices.example.com',
  companyNumber: '0203201340',
  invoiceType: 'PURCHASE',
};

function report(
  messageId: string,
  outcome: string,
  hoursAgo: number,
  extra: Partial<MessageReport> = {},
): MessageReport {
  return {
    version: REPORT_VERSION,
    messageId,
    receivedAt: ago(hoursAgo).toISOString(),
    processedAt: ago(hoursAgo).toISOString(),
    attempt: 1,
    envelopeSender: 'bounce@supplier.example.be',
    from: 'billing@supplier.example.be',
    subject: `Invoice ${messageId}`,
    verdicts: {},
    recipients: [ACME],
    documents: [],
    deliveries: [],
    outcome: outcome as MessageReport['outcome'],
    ...extra,
  } as MessageReport;
}

function upload(status: string, extra: object = {}) {
  return { filename: 'invoice.pdf', sha256: 'ab'.repeat(32), status, ...extra };
}

/** Six messages in the last day, and one from ten days ago. */
const REPORTS: [MessageReport, number][] = [
  [
    report('m1-delivered', 'delivered', 1, {
      deliveries: [
        {
          mailbox: ACME.mailbox,
          companyNumber: ACME.companyNumber,
          invoiceType: 'PURCHASE',
          uploads: [upload('uploaded', { uuid: 'u-1' }), upload('uploaded', { uuid: 'u-2' })],
        },
      ],
    } as Partial<MessageReport>),
    1,
  ],
  [report('m2-nothing', 'no-documents', 2), 2],
  [
    report('m3-failed', 'failed', 3, {
      recipients: [PEETERS],
      deliveries: [
        {
          mailbox: PEETERS.mailbox,
          companyNumber: PEETERS.companyNumber,
          invoiceType: 'PURCHASE',
          uploads: [
            upload('failed', {
              error: 'ClearfactsError: Clearfacts uploadFile failed: the file is password protected',
              errorKind: 'permanent',
            }),
          ],
        },
      ],
    } as Partial<MessageReport>),
    3,
  ],
  [
    report('m4-retrying', 'retrying', 4, {
      recipients: [PEETERS],
      attempt: 3,
      deliveries: [
        {
          mailbox: PEETERS.mailbox,
          companyNumber: PEETERS.companyNumber,
          invoiceType: 'PURCHASE',
          uploads: [upload('failed', { error: 'ClearfactsError: answered 503', errorKind: 'retryable' })],
        },
      ],
    } as Partial<MessageReport>),
    4,
  ],
  [report('m5-quarantined', 'quarantined', 5), 5],
  [
    report('m6-unroutable', 'unroutable', 6, {
      recipients: [{ recipient: 'nobody@invoices.example.com', reason: 'no mailbox' }],
    }),
    6,
  ],
  [report('m7-old', 'delivered', 240), 240],
];

let dataDir: string;
let s3: LocalS3;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'status-'));
  s3 = await startLocalS3({ directory: join(dataDir, 's3'), buckets: [BUCKET] });
  const store = new S3ReportStore(s3.client);
  for (const [stored, hoursAgo] of REPORTS) {
    await store.saveReport(stored, BUCKET);
    // s3rver takes LastModified from the file, so this dates the object for S3 and the local reader alike.
    const file = join(dataDir, 's3', BUCKET, 'reports', `${stored.messageId}.json._S3rver_object`);
    utimesSync(file, ago(hoursAgo), ago(hoursAgo));
  }
  mkdirSync(join(dataDir, 'dead-letter'));
  writeFileSync(
    join(dataDir, 'dead-letter', 'sqs-1.json'),
    JSON.stringify({ messageId: 'sqs-1', body: '{}', receiveCount: 8, deadLetteredAt: ago(2).toISOString() }),
  );
});
afterAll(async () => {
  await s3.close();
  s3.client.destroy();
});

function status(args: string[], deps = {}) {
  return captureOutput(() => runStatusCommand(args, {}, { now: () => now, ...deps }));
}

function local(args: string[]) {
  return status(['--local', '--data-dir', dataDir, ...args]);
}

async function json(args: string[]): Promise<StatusResult> {
  const { result, output } = await local([...args, '--json']);
  expect(result).toBe(0);
  return JSON.parse(output) as StatusResult;
}

describe('npm run cli -- status', () => {
  it('counts the last week by outcome and lists the messages newest first', async () => {
    const { result, output } = await local([]);

    expect(result).toBe(0);
    expect(output).toContain('6 messages: 1 uploaded · 2 skipped · 1 quarantined · 1 failed · 1 retrying');
    const rows = output.split('\n').filter((line) => /^ {2}\d{4}-\d{2}-\d{2} /.test(line));
    expect(rows.map((line) => line.split(/\s{2,}/)[2])).toEqual([
      'uploaded',
      'skipped',
      'failed',
      'retrying',
      'quarantined',
      'skipped',
    ]);
    expect(rows[0]).toMatch(
      /acme@invoices\.example\.com\s+billing@supplier\.example\.be\s+2 uploaded\s+Invoice m1-delivered/,
    );
    expect(rows[2]).toContain('the file is password protected');
    expect(rows[5]).toContain('nobody@invoices.example.com');
    expect(output).toContain('dead letters  dead-letter/: 1 waiting, 0 in flight, oldest waiting 2 h');
  });

  it('prints JSON that scripts can parse', async () => {
    const parsed = await json([]);
    expect(parsed.counts).toEqual({ uploaded: 1, skipped: 2, quarantined: 1, failed: 1, retrying: 1 });
    expect(parsed.messages.map((row) => row.messageId)).toEqual([
      'm1-delivered',
      'm2-nothing',
      'm3-failed',
      'm4-retrying',
      'm5-quarantined',
      'm6-unroutable',
    ]);
    expect(parsed.messages[3]).toMatchObject({
      attempt: 3,
      mailboxes: ['peeters@invoices.example.com'],
      documents: { failed: 1 },
    });
    expect(parsed.queues?.deadLetterQueue).toMatchObject({ waiting: 1, oldestAgeSeconds: 7200 });
  });

  it('filters by mailbox, company number, outcome and time', async () => {
    expect((await json(['--mailbox', 'acme'])).messages.map((row) => row.messageId)).toEqual([
      'm1-delivered',
      'm2-nothing',
      'm5-quarantined',
    ]);
    expect((await json(['--mailbox', 'BE 0203.201.340'])).total).toBe(2);
    expect((await json(['--outcome', 'failed', '--outcome', 'retrying'])).counts).toMatchObject({
      failed: 1,
      retrying: 1,
      uploaded: 0,
    });
    expect((await json(['--since', '30d'])).counts.uploaded).toBe(2);
    expect((await json(['--since', '150m'])).total).toBe(2);
    const until = await json(['--since', '30d', '--until', '3d']);
    expect(until.messages.map((row) => row.messageId)).toEqual(['m7-old']);
  });

  it('shows only the newest rows asked for, and counts them all', async () => {
    const { output } = await local(['--last', '2']);
    expect(output).toContain('6 messages:');
    expect(output).toContain('(the newest 2 of 6; --last shows more)');
  });

  it('reads the deployed bucket and queues', async () => {
    const aws = (): AwsAccess => ({
      stackOutputs: () => Promise.reject(new Error('flags name everything')),
      secretStore: () => {
        throw new Error('not used');
      },
      recentReports: (bucket) => new S3RecentReports(s3.client, bucket),
      queueDepth: async (url) =>
        url.endsWith('-dlq')
          ? { name: 'ingest-dlq', waiting: 3, inFlight: 0, oldestAgeSeconds: 5400 }
          : { name: 'ingest', waiting: 0, inFlight: 1 },
    });
    const { result, output } = await status(
      [
        '--bucket',
        BUCKET,
        '--queue-url',
        'https://sqs.example/ingest',
        '--dlq-url',
        'https://sqs.example/ingest-dlq',
      ],
      { aws },
    );
    expect(result).toBe(0);
    expect(output).toContain(`(s3://${BUCKET}/reports/)`);
    expect(output).toContain('6 messages: 1 uploaded · 2 skipped · 1 quarantined · 1 failed · 1 retrying');
    expect(output).toContain('ingest queue  ingest: 0 waiting, 1 in flight');
    expect(output).toContain('dead letters  ingest-dlq: 3 waiting, 0 in flight, oldest waiting 1 h 30 min');
  });

  it('refuses an outcome it does not know', async () => {
    await expect(runStatusCommand(['--local', '--outcome', 'lost'], {})).rejects.toThrow(UsageError);
  });
});
