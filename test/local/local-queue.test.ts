import type { QueueRecord, RecordResult } from '../../functions/ingest/process-batch';
import { defaultRetryDelayMs, LocalQueue } from '../../functions/local/local-queue';

/** A consumer that records every batch and answers `retry` for bodies in `failing`. */
function scriptedConsumer(failing: Set<string>) {
  const batches: QueueRecord[][] = [];
  const consumer = async (records: readonly QueueRecord[]): Promise<RecordResult[]> => {
    batches.push([...records]);
    return records.map((record) =>
      failing.has(record.body)
        ? { recordId: record.messageId, status: 'retry', error: `${record.body} failed` }
        : { recordId: record.messageId, status: 'ignored', reason: 'test' },
    );
  };
  return { batches, consumer };
}

describe('the local queue', () => {
  it('delivers waiting messages in batches of at most the batch size', async () => {
    const { batches, consumer } = scriptedConsumer(new Set());
    const queue = new LocalQueue({ consumer, batchSize: 2 });
    for (const body of ['a', 'b', 'c', 'd', 'e']) queue.send(body);
    await queue.idle();
    expect(batches.map((batch) => batch.map((record) => record.body))).toEqual([
      ['a'],
      ['b', 'c'],
      ['d', 'e'],
    ]);
    await queue.stop();
  });

  it('redelivers only the failed records of a batch, counting receives, then dead-letters them', async () => {
    const { batches, consumer } = scriptedConsumer(new Set(['bad']));
    const deadLetters: [QueueRecord, string][] = [];
    const delays: number[] = [];
    const queue = new LocalQueue({
      consumer,
      maxReceiveCount: 3,
      retryDelayMs: (record) => record.receiveCount,
      onRetry: (_record, delayMs) => delays.push(delayMs),
      onDeadLetter: (record, error) => {
        deadLetters.push([record, error]);
      },
    });
    queue.send('good');
    queue.send('bad');
    await queue.idle();

    const deliveriesOf = (body: string) => batches.flat().filter((record) => record.body === body);
    expect(deliveriesOf('good').map((record) => record.receiveCount)).toEqual([1]);
    expect(deliveriesOf('bad').map((record) => record.receiveCount)).toEqual([1, 2, 3]);
    expect(delays).toEqual([1, 2]);
    expect(deadLetters).toEqual([[expect.objectContaining({ body: 'bad', receiveCount: 3 }), 'bad failed']]);
    await queue.stop();
  });

  it('retries the whole batch when the consumer throws, like a failed invocation', async () => {
    let calls = 0;
    const seen: number[] = [];
    const queue = new LocalQueue({
      retryDelayMs: () => 0,
      consumer: async (records) => {
        calls += 1;
        seen.push(...records.map((record) => record.receiveCount));
        if (calls === 1) throw new Error('handler crashed');
        return records.map((record) => ({ recordId: record.messageId, status: 'ignored', reason: 'ok' }));
      },
    });
    queue.send('x');
    await queue.idle();
    expect(seen).toEqual([1, 2]);
    await queue.stop();
  });

  it('lets the running batch finish on stop and hands back what waits for a retry', async () => {
    let release: () => void = () => undefined;
    const queue = new LocalQueue({
      retryDelayMs: () => 60_000,
      consumer: (records) =>
        new Promise((resolve) => {
          release = () => resolve(records.map((record) => ({ recordId: record.messageId, status: 'retry' })));
        }),
    });
    queue.send('slow');
    const stopped = queue.stop();
    release();
    expect(await stopped).toEqual([expect.objectContaining({ body: 'slow', receiveCount: 2 })]);
  });

  it('restores records from a previous run with their receive counts', async () => {
    const { batches, consumer } = scriptedConsumer(new Set());
    const queue = new LocalQueue({ consumer });
    queue.restore([{ messageId: 'm-1', body: 'kept', receiveCount: 4 }]);
    await queue.idle();
    expect(batches).toEqual([[{ messageId: 'm-1', body: 'kept', receiveCount: 4 }]]);
    await queue.stop();
  });

  it('waits longer after each failed delivery, up to a minute', () => {
    const delays = [1, 2, 3, 10].map((receiveCount) =>
      defaultRetryDelayMs({ messageId: 'm', body: '', receiveCount }),
    );
    expect(delays).toEqual([1_000, 2_000, 4_000, 60_000]);
  });
});
