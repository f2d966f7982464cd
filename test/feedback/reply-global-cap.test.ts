import { DEFAULT_REPLIES_PER_HOUR } from '../../functions/config/config-schema';
import { DOMAIN, ReplyPipeline } from '../support/reply-pipeline';

const MINUTE = 60_000;

/** A plain message from a rotating sender to an address no mailbox has. */
function strayMail(index: number): Buffer {
  return Buffer.from(
    `From: Sender ${index} <probe-${index}@attacker.example>\r\nTo: nobody-${index}@${DOMAIN}\r\n` +
      `Subject: Hello ${index}\r\nMessage-ID: <probe-${index}@attacker.example>\r\nMIME-Version: 1.0\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n\r\nIs anyone there?\r\n',
  );
}

async function deliverStrays(pipeline: ReplyPipeline, count: number): Promise<void> {
  for (let index = 1; index <= count; index += 1) {
    await pipeline.deliver(strayMail(index), {
      recipients: [`nobody-${index}@${DOMAIN}`],
      envelopeSender: `probe-${index}@attacker.example`,
    });
    pipeline.advance(MINUTE / 100);
  }
}

describe('replies that cannot be turned against anyone', () => {
  it('does not answer unroutable mail unless the config asks', async () => {
    const pipeline = new ReplyPipeline();
    await deliverStrays(pipeline, 20);

    expect(pipeline.replies).toEqual([]);
    expect([...pipeline.reports.values()].map((report) => report.reply)).toEqual(
      Array.from({ length: 20 }, () => ({
        sent: false,
        reason:
          'the message reached no mailbox, and unroutable mail is not answered (replies.answerUnroutable)',
      })),
    );
  });

  it('sends at most the global hourly cap for 1,000 unroutable messages from rotating addresses', async () => {
    const pipeline = new ReplyPipeline({ config: { replies: { answerUnroutable: true } } });
    await deliverStrays(pipeline, 1000);

    // Every sender is new, so the per-sender limit never bites: only the global cap does.
    expect(DEFAULT_REPLIES_PER_HOUR).toBe(100);
    expect(pipeline.replies).toHaveLength(DEFAULT_REPLIES_PER_HOUR);
    const refused = [...pipeline.reports.values()].filter((report) => report.reply?.sent === false);
    expect(refused).toHaveLength(900);
    expect(refused[0]?.reply).toEqual({
      sent: false,
      reason: expect.stringMatching(
        /^global rate limit: 100 replies went out in the last 60 minutes \(at most 100, replies\.maxPerHour\)/,
      ),
    });
  }, 300_000);

  it('takes the cap from the config', async () => {
    const pipeline = new ReplyPipeline({ config: { replies: { answerUnroutable: true, maxPerHour: 3 } } });
    await deliverStrays(pipeline, 10);
    expect(pipeline.replies).toHaveLength(3);
  });
});
