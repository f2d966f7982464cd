import { performance } from 'node:perf_hooks';
import { ClearfactsClient } from '../../functions/clearfacts/clearfacts-client';
import { type BatchDeps, processBatch, type QueueRecord } from '../../functions/ingest/process-batch';
import { createMemoryLedger } from '../../functions/ledger/memory-ledger';
import { localS3Client } from '../../functions/local/local-s3';
import { S3ReportStore } from '../../functions/reports/s3-report-store';
import { MailboxRouter } from '../../functions/routing/route-recipients';
import { silentLog } from '../../functions/shared/event-log';
import { S3MessageStore } from '../../functions/storage/s3-message-store';
import { BENCH_CONFIG } from './bench-config';
import { queueRecord } from './notifications';
import { probeInput, runProbe, writeAnswer } from './probe-harness';

/** What the parent asks of the burst. */
export interface BurstProbeInput {
  readonly s3Endpoint: string;
  readonly clearfactsUrl: string;
  /** The stored messages, all queued at once. */
  readonly messageIds: readonly string[];
  /** How many batches run at the same time (the event source's `maxConcurrency`). */
  readonly concurrency: number;
  /** Records per batch (the event source's `batchSize`). */
  readonly batchSize: number;
  readonly answer: string;
}

/** How long the burst took, and each batch. */
export interface BurstFigures {
  readonly seconds: number;
  readonly batchMs: readonly number[];
}

/**
 * Drains a burst the way Lambda's SQS poller does: `concurrency` invocations at a time, each
 * `processBatch` on the next `batchSize` records, until the queue is empty. In its own process,
 * so the local S3 and the Clearfacts stand-in (in the parent) do not share its event loop.
 */
runProbe(async () => {
  const input = probeInput<BurstProbeInput>();
  const s3 = localS3Client(input.s3Endpoint);
  const deps: BatchDeps = {
    router: new MailboxRouter(BENCH_CONFIG),
    messages: new S3MessageStore(s3),
    reports: new S3ReportStore(s3),
    ledger: createMemoryLedger(),
    log: silentLog,
    now: () => new Date(),
    uploader: new ClearfactsClient({ apiUrl: input.clearfactsUrl, token: () => 'bench-token' }),
  };
  const queue: QueueRecord[] = input.messageIds.map(queueRecord);
  const batchMs: number[] = [];
  const invocations = async (): Promise<void> => {
    for (
      let batch = queue.splice(0, input.batchSize);
      batch.length > 0;
      batch = queue.splice(0, input.batchSize)
    ) {
      const start = performance.now();
      const results = await processBatch(batch, deps);
      batchMs.push(performance.now() - start);
      const failed = results.find((result) => result.status !== 'done');
      if (failed !== undefined)
        throw new Error(`A burst message was not delivered: ${JSON.stringify(failed)}`);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: input.concurrency }, invocations));
  const figures: BurstFigures = { seconds: (performance.now() - start) / 1000, batchMs };
  writeAnswer(input.answer, { figures });
});
