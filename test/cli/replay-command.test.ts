import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { stackResources } from '../../functions/cli/replay-aws';
import { runReplayCommand } from '../../functions/cli/replay-command';
import { localPaths } from '../../functions/local/local-paths';
import { startLocalS3 } from '../../functions/local/local-s3';
import { LOCAL_BUCKET } from '../../functions/local/local-stack';
import type { MessageReport } from '../../functions/reports/message-report';
import { S3ReportStore } from '../../functions/reports/s3-report-store';
import { resolveStackName } from '../../functions/shared/stack-name';
import { captureOutput } from '../support/capture-output';
import { composeMail } from '../support/compose-mail';
import { firstAttemptReport } from '../support/first-attempt-report';
import { minimalPdf } from '../support/minimal-pdf';
import { pdfText } from '../support/pdf-inspect';
import { RECEIPT_AMOUNT, RECEIPT_SHOP, receiptMail } from '../support/receipt-mail';

const ACME = 'acme@invoices.example.com';
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'replay-'));
  const s3 = await startLocalS3({ directory: localPaths(dataDir).s3, buckets: [LOCAL_BUCKET] });
  const raw = await composeMail({
    attachments: [{ filename: 'replayed.pdf', content: minimalPdf('Replayed invoice') }],
  });
  await s3.client.send(new PutObjectCommand({ Bucket: LOCAL_BUCKET, Key: 'inbound/msg-local', Body: raw }));
  // A receipt that is the mail itself: no attachment, the body is the document.
  await s3.client.send(
    new PutObjectCommand({
      Bucket: LOCAL_BUCKET,
      Key: 'inbound/msg-receipt',
      Body: await receiptMail('192.0.2.1'),
    }),
  );
  await s3.client.send(
    new PutObjectCommand({ Bucket: LOCAL_BUCKET, Key: 'inbound/msg-no-report', Body: raw }),
  );
  // The queue's first attempts failed; their reports recorded the notifications' recipients and verdicts.
  const reports = new S3ReportStore(s3.client);
  for (const messageId of ['msg-local', 'msg-receipt']) {
    await reports.saveReport(firstAttemptReport(messageId, LOCAL_BUCKET, [ACME]), LOCAL_BUCKET);
  }
  await s3.close();
  s3.client.destroy();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function replay(args: string[]) {
  return captureOutput(() => runReplayCommand(args, {}));
}

async function sandboxFiles(): Promise<string[]> {
  const folder = join(localPaths(dataDir).clearfacts, '0123456749');
  return (await readdir(folder).catch(() => [])).filter((name) => !name.endsWith('.json'));
}

describe('npm run replay -- --local', () => {
  it('processes a stored message in the local inbox, then replays it without sending the document again', async () => {
    const first = await replay([
      'msg-local',
      '--local',
      '--data-dir',
      dataDir,
      '--recipient',
      ACME,
      '--json',
    ]);

    expect(first.result).toBe(0);
    const report = JSON.parse(first.output) as MessageReport;
    expect(report).toMatchObject({ outcome: 'delivered', replay: true, attempt: 2 });
    expect(await sandboxFiles()).toHaveLength(1);

    // The recipients now come from the report written by the first run.
    const second = await replay(['msg-local', '--local', '--data-dir', dataDir]);

    expect(second.result).toBe(0);
    expect(second.output).toContain('(in an earlier attempt)');
    expect(second.output).toContain(`report s3://${LOCAL_BUCKET}/reports/msg-local.json`);
    expect(await sandboxFiles()).toHaveLength(1);
  });

  it('renders a body-only message, as the queue does, and delivers the PDF', async () => {
    const before = await sandboxFiles();
    const { result, output } = await replay([
      'msg-receipt',
      '--local',
      '--data-dir',
      dataDir,
      '--recipient',
      ACME,
      '--json',
    ]);

    expect(result).toBe(0);
    const report = JSON.parse(output) as MessageReport;
    expect(report.outcome).toBe('delivered');
    expect(report.documents).toContainEqual(
      expect.objectContaining({
        detectedType: 'pdf',
        convertedFrom: expect.objectContaining({ detectedType: 'html' }),
      }),
    );
    const added = (await sandboxFiles()).filter((name) => !before.includes(name));
    expect(added).toHaveLength(1);
    const text = await pdfText(
      await readFile(join(localPaths(dataDir).clearfacts, '0123456749', added[0] ?? '')),
    );
    expect(text).toContain(RECEIPT_SHOP);
    expect(text).toContain(RECEIPT_AMOUNT);
  });

  it('refuses a message without a report: SES verdicts unknown, even with --recipient', async () => {
    const before = (await sandboxFiles()).length;
    const { result, output } = await replay([
      'msg-no-report',
      '--local',
      '--data-dir',
      dataDir,
      '--recipient',
      ACME,
    ]);
    expect(result).toBe(2);
    expect(output).toContain(
      `has no report in ${LOCAL_BUCKET}, so SES's verdicts (spam, virus, spf, dkim, dmarc)`,
    );
    expect(await sandboxFiles()).toHaveLength(before);
  });

  it('asks for the recipients of a message that has no report', async () => {
    const { result, output } = await replay(['msg-unknown', '--local', '--data-dir', dataDir]);
    expect(result).toBe(2);
    expect(output).toContain('pass them with --recipient');
  });

  it('refuses AWS options together with --local', async () => {
    const { result } = await replay(['msg-local', '--local', '--stage', 'prod']);
    expect(result).toBe(2);
  });
});

describe('npm run replay against the deployed stack', () => {
  it('names the stack after --stack, else the stage, else $CLEARFACTS_STACK', () => {
    expect(resolveStackName({})).toBe('ClearfactsMailIngest');
    expect(resolveStackName({ stage: 'prod' })).toBe('ClearfactsMailIngest-prod');
    expect(resolveStackName({ stack: 'Custom', stage: 'prod' })).toBe('Custom');
    expect(resolveStackName({}, { CLEARFACTS_STACK: 'FromEnv' })).toBe('FromEnv');
    expect(() => resolveStackName({ stage: 'prod_eu' })).toThrow(/is not a stage name/);
  });

  it('finds the bucket, secret, ledger, render function and reply address by their output keys', () => {
    const outputs = {
      MailBucketName: 'mail-bucket-1',
      ClearfactsSecretName: 'ClearfactsMailIngest/clearfacts-token',
      DeadLetterQueueUrl: 'https://sqs/dlq',
      LedgerTableName: 'ClearfactsMailIngest-LedgerTable-XYZ',
      RenderFunctionName: 'ClearfactsMailIngest-BodyRenderer-ABC',
      ReplyFromAddress: 'no-reply@invoices.example.com',
      ReplyConfigurationSetName: 'ClearfactsMailIngest-Replies-QRS',
    };
    expect(stackResources(outputs, 'ClearfactsMailIngest')).toEqual({
      bucket: 'mail-bucket-1',
      secretId: 'ClearfactsMailIngest/clearfacts-token',
      ledgerTable: 'ClearfactsMailIngest-LedgerTable-XYZ',
      reportsPrefix: 'reports/',
      renderFunctionName: 'ClearfactsMailIngest-BodyRenderer-ABC',
      replyFrom: 'no-reply@invoices.example.com',
      replyConfigurationSet: 'ClearfactsMailIngest-Replies-QRS',
    });
    const { LedgerTableName: _, ...withoutLedger } = outputs;
    expect(() => stackResources(withoutLedger, 'Old')).toThrow(/Stack "Old" has no output LedgerTableName/);
  });
});
