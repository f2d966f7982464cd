import { ReplyError } from '../../functions/feedback/reply-sender';
import { createMemoryReplyLedger } from '../../functions/ledger/memory-ledger';
import { IngestError, StorageError } from '../../functions/shared/errors';
import { composeMail } from '../support/compose-mail';
import { minimalPdf } from '../support/minimal-pdf';
import { ReplyPipeline, SUPPLIER } from '../support/reply-pipeline';

const acknowledge = { defaults: { feedback: 'acknowledge' } };

function invoiceMail(): Promise<Buffer> {
  return composeMail({
    subject: 'Invoice 2026-0042',
    attachments: [
      { filename: 'invoice.pdf', content: minimalPdf('Invoice 2026-0042'), contentType: 'application/pdf' },
    ],
  });
}

describe('one reply per message, and never at the message’s expense', () => {
  it('answers a message delivered twice by the queue only once', async () => {
    const pipeline = new ReplyPipeline({ config: acknowledge });
    const raw = await invoiceMail();
    const first = await pipeline.deliver(raw, { messageId: 'dup-1' });
    pipeline.advance(60_000);
    const second = await pipeline.deliver(raw, { messageId: 'dup-1', receiveCount: 2 });
    expect(pipeline.replies).toHaveLength(1);
    expect(first.reply).toEqual({ sent: true, to: SUPPLIER, at: '2026-11-20T09:15:00.000Z' });
    expect(second.reply).toEqual({
      sent: true,
      to: SUPPLIER,
      at: '2026-11-20T09:15:00.000Z',
      earlierAttempt: true,
    });
  });

  it('waits while the message is retried, and answers once its outcome is final', async () => {
    let calls = 0;
    const pipeline = new ReplyPipeline({
      config: acknowledge,
      uploadFile: async (request) => {
        calls += 1;
        if (calls === 1) throw new IngestError('Clearfacts answered 503', 'retryable');
        return { uuid: 'uuid-1', name: request.filename, amountOfPages: 1, comment: null };
      },
    });
    const raw = await invoiceMail();
    const retrying = await pipeline.deliver(raw, { messageId: 'retry-1' });
    expect(retrying.outcome).toBe('retrying');
    expect(retrying.reply).toBeUndefined();
    expect(pipeline.replies).toHaveLength(0);

    pipeline.advance(60_000);
    const delivered = await pipeline.deliver(raw, { messageId: 'retry-1', receiveCount: 2 });
    expect(delivered.outcome).toBe('delivered');
    expect(delivered.reply).toMatchObject({ sent: true, to: SUPPLIER });
    expect(pipeline.replies).toHaveLength(1);
    expect(pipeline.replies[0]?.raw.toString()).toContain('invoice.pdf: delivered (1 page)');
  });

  it('finishes the message when SES refuses the reply, and does not try again on a duplicate', async () => {
    let attempts = 0;
    const pipeline = new ReplyPipeline({
      config: acknowledge,
      sender: {
        send: async () => {
          attempts += 1;
          throw new ReplyError('SES SendEmail failed (MessageRejected)');
        },
      },
    });
    const raw = await invoiceMail();
    const report = await pipeline.deliver(raw, { messageId: 'refused-1' });
    expect(report.outcome).toBe('delivered');
    expect(report.reply).toEqual({ sent: false, reason: expect.stringContaining('MessageRejected') });
    expect(pipeline.reports.get('refused-1')?.reply?.sent).toBe(false);
    expect(pipeline.logLines).toContainEqual(
      expect.objectContaining({ level: 'WARN', message: 'reply to the sender failed' }),
    );

    const again = await pipeline.deliver(raw, { messageId: 'refused-1', receiveCount: 2 });
    expect(attempts).toBe(1);
    expect(again.reply).toEqual({ sent: false, reason: expect.stringContaining('MessageRejected') });
  });

  it('finishes the message when the ledger cannot record the reply', async () => {
    const ledger = createMemoryReplyLedger();
    const pipeline = new ReplyPipeline({
      config: acknowledge,
      replyLedger: {
        ...ledger,
        claimReply: async () => {
          throw new StorageError('DynamoDB is throttling');
        },
        finishReply: ledger.finishReply.bind(ledger),
        takeReplySlot: ledger.takeReplySlot.bind(ledger),
      },
    });
    const report = await pipeline.deliver(await invoiceMail());
    expect(report.outcome).toBe('delivered');
    expect(report.reply).toEqual({ sent: false, reason: expect.stringContaining('DynamoDB is throttling') });
    expect(pipeline.replies).toHaveLength(0);
  });

  it('finishes the message when the raw mail cannot be read again for the reply', async () => {
    const pipeline = new ReplyPipeline({ config: acknowledge });
    const raw = await invoiceMail();
    let opened = 0;
    const open = pipeline.deps.messages.openRawMessage;
    (pipeline.deps as { messages: typeof pipeline.deps.messages }).messages = {
      openRawMessage: async (location) => {
        opened += 1;
        if (opened > 1) throw new StorageError('S3 is unreachable');
        return open(location);
      },
    };
    const report = await pipeline.deliver(raw);
    expect(report.outcome).toBe('delivered');
    expect(report.reply).toEqual({ sent: false, reason: expect.stringContaining('S3 is unreachable') });
  });
});
