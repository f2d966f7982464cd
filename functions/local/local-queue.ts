import { randomUUID } from 'node:crypto';
import type { QueueRecord, RecordResult } from '../ingest/process-batch';

/** Lambda's default SQS batch size. */
export const DEFAULT_BATCH_SIZE = 10;

/** After this many deliveries a message goes to the dead-letter list, like the queue's redrive policy. */
export const DEFAULT_MAX_RECEIVE_COUNT = 5;

/** The first retry waits a second; each next one twice as long, at most a minute (locally, nobody waits days). */
export function defaultRetryDelayMs(record: QueueRecord): number {
  return Math.min(60_000, 1_000 * 2 ** Math.max(0, record.receiveCount - 1));
}

/** A record's answer that asks for another delivery. */
export type FailedResult = RecordResult & { readonly status: 'retry' };

/** The function the queue delivers batches to: `processBatch` with its dependencies. */
export type BatchConsumer = (records: readonly QueueRecord[]) => Promise<readonly RecordResult[]>;

/** How the local queue behaves. */
export interface LocalQueueOptions {
  readonly consumer: BatchConsumer;
  readonly batchSize?: number;
  readonly maxReceiveCount?: number;
  /** How long a record waits after its delivery (`record.receiveCount`) failed; `result` is absent when the consumer threw. */
  readonly retryDelayMs?: (record: QueueRecord, result: FailedResult | undefined) => number;
  /** Called once a record has failed `maxReceiveCount` deliveries; the queue then forgets it. */
  readonly onDeadLetter?: (record: QueueRecord, error: string) => void | Promise<void>;
  /** Called when a failed record is scheduled for another delivery. */
  readonly onRetry?: (record: QueueRecord, delayMs: number) => void;
}

/**
 * An in-process stand-in for SQS with a Lambda event source: delivers messages in batches to
 * one consumer at a time, and treats its answer like a partial batch response. `retry`
 * records come back after a growing delay with `receiveCount` incremented, until they end in
 * the dead-letter list; a consumer that throws fails the whole batch, as a failed invocation does.
 */
export class LocalQueue {
  private readonly ready: QueueRecord[] = [];
  private readonly delayed = new Map<NodeJS.Timeout, QueueRecord>();
  private running: Promise<void> | undefined;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: LocalQueueOptions) {}

  /** Queues a message body (an SNS envelope); returns its queue message id. */
  send(body: string): string {
    const record: QueueRecord = { messageId: randomUUID(), body, receiveCount: 1 };
    this.enqueue(record);
    return record.messageId;
  }

  /** Puts records back as they were (kept across a restart), keeping their receive counts. */
  restore(records: readonly QueueRecord[]): void {
    for (const record of records) this.enqueue(record);
  }

  /** Resolves once nothing is waiting, delayed or being delivered. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Lets the batch being delivered finish, cancels pending retries and returns every record not
   * yet delivered successfully (the next deliveries' counts), so a restart can pick them up.
   */
  async stop(): Promise<QueueRecord[]> {
    this.stopped = true;
    await this.running;
    const left = [...this.ready.splice(0), ...this.delayed.values()];
    for (const timer of this.delayed.keys()) clearTimeout(timer);
    this.delayed.clear();
    this.notifyIfIdle();
    return left;
  }

  private enqueue(record: QueueRecord): void {
    if (this.stopped) throw new Error('The local queue is stopped');
    this.ready.push(record);
    this.pump();
  }

  private pump(): void {
    if (this.running !== undefined || this.stopped || this.ready.length === 0) return;
    const batch = this.ready.splice(0, this.options.batchSize ?? DEFAULT_BATCH_SIZE);
    this.running = this.deliver(batch).finally(() => {
      this.running = undefined;
      this.pump();
      this.notifyIfIdle();
    });
  }

  private async deliver(batch: QueueRecord[]): Promise<void> {
    let results: readonly RecordResult[];
    try {
      results = await this.options.consumer(batch);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      results = batch.map((record) => ({ recordId: record.messageId, status: 'retry', error: reason }));
    }
    for (const record of batch) {
      const result = results.find((candidate) => candidate.recordId === record.messageId);
      // A record the consumer did not answer for was not processed: like SQS, deliver it again.
      if (result !== undefined && result.status !== 'retry') continue;
      await this.retryLater(record, result);
    }
  }

  private async retryLater(record: QueueRecord, result: FailedResult | undefined): Promise<void> {
    if (record.receiveCount >= (this.options.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT)) {
      await this.options.onDeadLetter?.(record, failureOf(result));
      return;
    }
    const next: QueueRecord = { ...record, receiveCount: record.receiveCount + 1 };
    if (this.stopped) {
      this.ready.push(next);
      return;
    }
    const delayMs = (this.options.retryDelayMs ?? defaultRetryDelayMs)(record, result);
    const timer = setTimeout(() => {
      this.delayed.delete(timer);
      this.ready.push(next);
      this.pump();
    }, delayMs);
    this.delayed.set(timer, next);
    this.options.onRetry?.(next, delayMs);
  }

  private isIdle(): boolean {
    return this.ready.length === 0 && this.delayed.size === 0 && this.running === undefined;
  }

  private notifyIfIdle(): void {
    if (!this.isIdle() && !this.stopped) return;
    const waiters = this.idleWaiters.splice(0);
    for (const resolve of waiters) resolve();
  }
}

/** Why a record failed, in one line: the error, else the first failed upload's, else the outcome. */
function failureOf(result: FailedResult | undefined): string {
  if (result === undefined) return 'the consumer failed or returned no result for it';
  const upload = result.report?.deliveries.flatMap((delivery) => delivery.uploads).find((item) => item.error);
  return (
    result.error ?? result.report?.error ?? upload?.error ?? `outcome ${result.report?.outcome ?? 'unknown'}`
  );
}
