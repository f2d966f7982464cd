import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { formatMessageResult } from '../../functions/cli/message-command';
import { type QuarantinedMessage, runQuarantineCommand } from '../../functions/cli/quarantine-command';
import { runReleaseCommand } from '../../functions/cli/release-command';
import { openLocalTarget } from '../../functions/cli/replay-local';
import { loadConfigFile } from '../../functions/config/load-config';
import { processRecord, type RecordResult } from '../../functions/ingest/process-batch';
import { localPaths } from '../../functions/local/local-paths';
import { startLocalS3 } from '../../functions/local/local-s3';
import { LOCAL_BUCKET } from '../../functions/local/local-stack';
import type { MessageReport } from '../../functions/reports/message-report';
import { captureOutput } from '../support/capture-output';
import { composeMail } from '../support/compose-mail';
import { minimalPdf } from '../support/minimal-pdf';
import { sesNotification, snsEnvelope } from '../support/ses-events';

const ACME = 'acme@invoices.example.com';
let dataDir: string;
let config: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'quarantine-'));
  config = join(dataDir, 'config.json');
  await writeFile(
    config,
    JSON.stringify({
      domain: 'invoices.example.com',
      mailboxes: [
        {
          address: 'acme',
          companyNumber: '0123456749',
          allowedSenders: ['*@trusted.example'],
          feedback: 'acknowledge',
        },
      ],
    }),
  );
  const s3 = await startLocalS3({ directory: localPaths(dataDir).s3, buckets: [LOCAL_BUCKET] });
  const raw = await composeMail({
    from: 'billing@stranger.example',
    subject: 'First invoice from a new supplier',
    attachments: [{ filename: 'invoice.pdf', content: minimalPdf('New supplier invoice') }],
  });
  await s3.client.send(
    new PutObjectCommand({ Bucket: LOCAL_BUCKET, Key: 'inbound/msg-stranger', Body: raw }),
  );
  await s3.close();
  s3.client.destroy();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const local = () => ['--local', '--data-dir', dataDir];

async function sandboxFiles(): Promise<string[]> {
  const folder = join(localPaths(dataDir).clearfacts, '0123456749');
  return (await readdir(folder).catch(() => [])).filter((name) => !name.endsWith('.json'));
}

/** The replies the local catch-all wrote, oldest first (`msg.eml`, then `msg-2.eml`). */
async function replies(): Promise<string[]> {
  const directory = localPaths(dataDir).replies;
  const files = (await readdir(directory).catch(() => [])).sort(
    (a, b) => a.length - b.length || a.localeCompare(b),
  );
  return Promise.all(files.map((file) => readFile(join(directory, file), 'utf8')));
}

/** Processes the stored message's queue record as the local inbox does (the same wiring as the Lambda). */
async function receive(messageId: string): Promise<{ result: RecordResult; output: string }> {
  const notification = sesNotification({ messageId, recipients: [ACME], bucket: LOCAL_BUCKET });
  (notification.mail as Record<string, unknown>).source = 'billing@stranger.example';
  const target = await openLocalTarget({ config: loadConfigFile(config), dataDir, env: {} });
  try {
    const result = await processRecord(
      { messageId: `sqs-${messageId}`, body: snsEnvelope(notification), receiveCount: 1 },
      target.deps,
    );
    const output =
      result.status === 'done' ? formatMessageResult(result.report, result.reportLocation, false) : '';
    return { result, output };
  } finally {
    await target.close();
  }
}

async function quarantined(): Promise<QuarantinedMessage[]> {
  const { result, output } = await captureOutput(() => runQuarantineCommand([...local(), '--json'], {}));
  expect(result).toBe(0);
  return (JSON.parse(output) as { messages: QuarantinedMessage[] }).messages;
}

describe('npm run quarantine and npm run release', () => {
  it('lists a held message, releases it once, and never sends it twice', async () => {
    // Received with the config that lists allowed senders: this one is not on it.
    const received = await receive('msg-stranger');
    expect(received.result).toMatchObject({ status: 'done', report: { outcome: 'quarantined' } });
    expect(received.output).toContain('quarantined for acme@invoices.example.com');
    expect(received.output).toContain('npm run release -- msg-stranger');
    expect(await sandboxFiles()).toHaveLength(0);
    // The sender heard that their message is on hold.
    expect(await replies()).toEqual([
      expect.stringContaining('Subject: On hold: First invoice from a new supplier'),
    ]);

    expect(await quarantined()).toEqual([
      expect.objectContaining({
        messageId: 'msg-stranger',
        mailboxes: [ACME],
        sender: 'billing@stranger.example',
        reasons: ["billing@stranger.example is not one of this mailbox's allowed senders"],
        releasable: true,
      }),
    ]);
    const table = await captureOutput(() => runQuarantineCommand(local(), {}));
    expect(table.output).toContain('1 message in quarantine');
    expect(table.output).toMatch(/msg-stranger .*billing@stranger\.example/);

    const release = () =>
      captureOutput(() =>
        runReleaseCommand(['msg-stranger', ...local(), '--config', config, '--by', 'tester', '--json'], {}),
      );
    const first = await release();
    expect(first.result).toBe(0);
    expect(JSON.parse(first.output) as MessageReport).toMatchObject({
      outcome: 'delivered',
      released: { by: 'tester' },
      reply: { sent: true, to: 'billing@stranger.example' },
    });
    expect(await sandboxFiles()).toHaveLength(1);
    // Released, the sender gets the acknowledgement their mailbox asks for, beside the first reply.
    const [held, acknowledged] = await replies();
    expect(held).toContain('Subject: On hold:');
    expect(acknowledged).toContain('Subject: Received: First invoice from a new supplier');
    expect(acknowledged).toContain('To: billing@stranger.example');
    expect(await quarantined()).toEqual([]);

    const second = await release();
    expect(second.result).toBe(0);
    expect(await sandboxFiles()).toHaveLength(1);
    // Released again: neither the document nor the acknowledgement goes out twice.
    expect(JSON.parse(second.output) as MessageReport).toMatchObject({ reply: { earlierAttempt: true } });
    expect(await replies()).toHaveLength(2);
  });

  it('refuses a message id that is not one', async () => {
    const { result } = await captureOutput(() => runReleaseCommand(['../reports/x', ...local()], {}));
    expect(result).toBe(2);
  });

  it('says so when the message is not in quarantine', async () => {
    const { result, output } = await captureOutput(() =>
      runReleaseCommand(['msg-unknown', ...local(), '--config', config], {}),
    );
    expect(result).toBe(2);
    expect(output).toContain('nothing to release');
  });
});
