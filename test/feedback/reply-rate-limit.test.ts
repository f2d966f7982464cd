import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPLY_RATE_LIMIT } from '../../functions/feedback/reply-rate-limit';
import { createDynamoDbReplyLedger } from '../../functions/ledger/dynamodb-ledger';
import { createFileReplyLedger } from '../../functions/ledger/file-ledger';
import type { ReplyLedger } from '../../functions/ledger/reply-ledger';
import { composeMail } from '../support/compose-mail';
import { startLocalDynamoDb } from '../support/local-dynamodb';
import { ReplyPipeline, SUPPLIER } from '../support/reply-pipeline';

const MINUTE = 60_000;

/** A message without documents: a `problems` mailbox answers every one. */
function emptyMail(from = `Supplier BV <${SUPPLIER}>`): Promise<Buffer> {
  return composeMail({ from, subject: 'Invoice?', text: 'Forgot the attachment.' });
}

describe('the per-sender reply rate limit', () => {
  it('answers ten messages from one sender in an hour, and not the eleventh', async () => {
    const pipeline = new ReplyPipeline();
    const reports = [];
    for (let message = 1; message <= 11; message++) {
      reports.push(await pipeline.deliver(await emptyMail()));
      pipeline.advance(5 * MINUTE);
    }
    expect(reports.slice(0, 10).every((report) => report.reply?.sent === true)).toBe(true);
    expect(pipeline.replies).toHaveLength(10);
    expect(reports[10]?.outcome).toBe('no-documents');
    expect(reports[10]?.reply).toEqual({
      sent: false,
      reason: expect.stringMatching(
        /^rate limit: billing@supplier\.example\.be received 10 replies in the last 60 minutes/,
      ),
    });
  });

  it('counts each sender apart, and answers again once the hour has passed', async () => {
    const pipeline = new ReplyPipeline();
    for (let message = 1; message <= 11; message++) await pipeline.deliver(await emptyMail());
    expect(pipeline.replies).toHaveLength(10);

    const other = await pipeline.deliver(await emptyMail('Other BV <invoices@other.example.be>'));
    expect(other.reply).toMatchObject({ sent: true, to: 'invoices@other.example.be' });

    pipeline.advance(60 * MINUTE + 1);
    const later = await pipeline.deliver(await emptyMail());
    expect(later.reply).toMatchObject({ sent: true, to: SUPPLIER });
  });

  it('slides: a reply leaves the count an hour after it was sent, not at the top of the hour', async () => {
    const pipeline = new ReplyPipeline();
    pipeline.now = new Date('2026-11-20T09:50:00Z');
    for (let message = 1; message <= 10; message++) await pipeline.deliver(await emptyMail());
    pipeline.now = new Date('2026-11-20T10:05:00Z');
    expect((await pipeline.deliver(await emptyMail())).reply?.sent).toBe(false);
    pipeline.now = new Date('2026-11-20T10:50:00.001Z');
    expect((await pipeline.deliver(await emptyMail())).reply?.sent).toBe(true);
  });
});

describe.each([
  [
    'DynamoDB (dynalite)',
    async () => {
      const dynamo = await startLocalDynamoDb();
      const table = await dynamo.createLedgerTable();
      return { ledger: createDynamoDbReplyLedger(dynamo.client, table), close: () => dynamo.close() };
    },
  ],
  [
    'the local JSON file',
    async () => {
      const directory = await mkdtemp(join(tmpdir(), 'reply-ledger-'));
      return {
        ledger: createFileReplyLedger(join(directory, 'ledger.json')),
        close: () => rm(directory, { recursive: true, force: true }),
      };
    },
  ],
] as const)('the reply counter in %s', (_name, open) => {
  let store: { ledger: ReplyLedger; close: () => Promise<unknown> };

  beforeEach(async () => {
    store = await open();
  });

  afterEach(async () => {
    await store.close();
  });

  it('grants exactly ten of twelve concurrent replies to one sender', async () => {
    const slots = await Promise.all(
      Array.from({ length: 12 }, () =>
        store.ledger.takeReplySlot('Billing@Supplier.example.be', REPLY_RATE_LIMIT),
      ),
    );
    expect(slots.filter((slot) => slot.granted)).toHaveLength(10);
    expect(await store.ledger.takeReplySlot(SUPPLIER, REPLY_RATE_LIMIT)).toMatchObject({
      granted: false,
      recent: 10,
    });
  });

  it('claims a message’s reply once and remembers what became of it', async () => {
    expect(await store.ledger.claimReply('msg-1')).toEqual({ kind: 'claimed' });
    expect(await store.ledger.claimReply('msg-1')).toEqual({ kind: 'answered', state: 'pending' });
    await store.ledger.finishReply('msg-1', { sent: true, to: SUPPLIER, sentAt: '2026-11-20T09:15:00.000Z' });
    await store.ledger.finishReply('msg-1', { sent: false, reason: 'too late' });
    expect(await store.ledger.claimReply('msg-1')).toEqual({
      kind: 'answered',
      state: 'sent',
      to: SUPPLIER,
      sentAt: '2026-11-20T09:15:00.000Z',
    });
  });
});
