import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { SendMailOptions } from 'nodemailer';
import { parseNotificationBody } from '../../functions/ingest/ses-notification';
import { type LocalS3, startLocalS3 } from '../../functions/local/local-s3';
import { verdictsFrom } from '../../functions/local/ses-notification-builder';
import { s3ReceiptAction } from '../../functions/local/ses-receipt-action';
import { type SmtpInbox, startSmtpInbox } from '../../functions/local/smtp-inbox';
import { sendOverSmtp } from '../support/local-stack-mail';
import { loadEvent } from '../support/ses-events';

const BUCKET = 'inbox-test';

/** The keys of every object in `value`, by path: the notification's shape without its values. */
function shapeOf(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    `${path}${key}`,
    ...shapeOf(child, `${path}${key}.`),
  ]);
}

describe('the SMTP inbox standing in for SES', () => {
  let directory: string;
  let s3: LocalS3;
  let inbox: SmtpInbox;
  const published: string[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'smtp-inbox-'));
    s3 = await startLocalS3({ directory: join(directory, 's3'), buckets: [BUCKET] });
    inbox = await startSmtpInbox({
      domain: 'invoices.example.com',
      port: 0,
      spoolDirectory: join(directory, 'spool'),
      maxMessageBytes: 64 * 1024,
      receive: s3ReceiptAction({
        s3: s3.client,
        bucket: BUCKET,
        verdicts: verdictsFrom(['dmarc=FAIL']),
        publish: (body) => {
          published.push(body);
        },
      }),
    });
  });

  afterAll(async () => {
    await inbox.close();
    await s3.close();
    s3.client.destroy();
    await rm(directory, { recursive: true, force: true });
  });

  const send = (mail: SendMailOptions) => sendOverSmtp(inbox.port, mail);

  it('stores the raw message and publishes the notification SES would, in an SNS envelope', async () => {
    const info = await send({
      envelope: {
        from: 'bounces@supplier.example.be',
        to: ['acme@invoices.example.com', 'Acme+x@Invoices.Example.com'],
      },
      from: 'Supplier BV <billing@supplier.example.be>',
      to: 'client@acme.example.be',
      subject: 'Invoice 2026-0042',
      text: 'See attachment.',
    });
    expect(info.response).toMatch(/^250 2\.6\.0 Ok: queued as [a-z0-9]{40}$/);

    const parsed = parseNotificationBody(published.at(-1) ?? '');
    if (parsed.kind !== 'received') throw new Error('expected a Received notification');
    const { mail, receipt } = parsed.notification;
    expect(mail.source).toBe('bounces@supplier.example.be');
    expect(receipt.recipients).toEqual(['acme@invoices.example.com', 'Acme+x@invoices.example.com']);
    expect(mail.commonHeaders).toMatchObject({
      from: ['Supplier BV <billing@supplier.example.be>'],
      subject: 'Invoice 2026-0042',
    });
    expect(receipt.dmarcVerdict).toBe('FAIL');
    expect(receipt.spamVerdict).toBe('PASS');

    const stored = await s3.client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: receipt.action.objectKey }),
    );
    expect(await stored.Body?.transformToString()).toContain('Subject: Invoice 2026-0042');

    // Same fields as the real notification fixture (cc is absent there and here).
    const published_ = JSON.parse(JSON.parse(published.at(-1) ?? '').Message);
    expect(shapeOf(published_).sort()).toEqual(
      expect.arrayContaining(
        shapeOf(loadEvent('ses-received-s3.json'))
          .filter((key) => !key.includes('headers.'))
          .sort(),
      ),
    );
    expect(Object.keys(JSON.parse(published.at(-1) ?? '')).sort()).toEqual(
      Object.keys(loadEvent('sns-envelope.json')).sort(),
    );
  });

  it('refuses a message over the size limit with 552, storing and publishing nothing', async () => {
    const before = published.length;
    const listed = async () =>
      (await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents?.length ?? 0;
    const objects = await listed();
    await expect(
      send({
        from: 'a@supplier.example.be',
        to: 'acme@invoices.example.com',
        text: 'x'.repeat(100 * 1024),
      }),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect(published).toHaveLength(before);
    expect(await listed()).toBe(objects);
    expect(await readdir(join(directory, 'spool'))).toEqual([]);
  });
});
