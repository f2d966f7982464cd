import type { S3Client } from '@aws-sdk/client-s3';
import { INGEST_BATCH_SIZE } from '../../infra/constructs/ingest-function';
import { startBenchClearfacts } from './bench-clearfacts';
import { BENCH_CONFIG } from './bench-config';
import { burstMessage } from './corpus';
import type { BurstFigures, BurstProbeInput } from './probe-burst';
import { runProbeProcess } from './probe-process';
import { median } from './stats';
import { putRawMessage } from './store-messages';

/** How the burst went. */
export interface ThroughputFigures {
  readonly messages: number;
  readonly concurrency: number;
  readonly clearfactsDelayMs: number;
  readonly seconds: number;
  readonly messagesPerSecond: number;
  /** Concurrency ÷ Clearfacts' answer time: what a pipeline that adds nothing would reach. */
  readonly idealPerSecond: number;
  /** Share of the time the concurrent slots spent waiting on Clearfacts. */
  readonly clearfactsBusy: number;
  readonly bottleneck: 'Clearfacts' | 'pipeline';
  /** Median time one invocation took, Clearfacts' answer included (what Lambda would bill). */
  readonly medianMessageMs: number;
}

/** What the burst runs against. */
export interface ThroughputSetup {
  readonly s3: S3Client;
  readonly s3Endpoint: string;
  /** The bundled burst probe, and where it leaves its answer. */
  readonly probe: string;
  readonly directory: string;
  readonly messages: number;
  readonly clearfactsDelayMs: number;
  readonly concurrency?: number;
}

/** Clearfacts busy this much of the time (or more) means the pipeline keeps up with it. */
const KEEPS_UP = 0.9;

/**
 * A month-end burst: `messages` invoices land in S3 at once and the queue hands them to
 * `processBatch` with the stack's default `maxConcurrency` (Lambda's SQS poller runs that many
 * invocations, each a batch of `INGEST_BATCH_SIZE`), while Clearfacts takes its time to answer.
 * The pipeline runs in a process of its own, the local S3 and the Clearfacts stand-in in this one.
 */
export async function measureThroughput(setup: ThroughputSetup): Promise<ThroughputFigures> {
  const concurrency = setup.concurrency ?? BENCH_CONFIG.deployment.maxConcurrency;
  const messageIds: string[] = [];
  for (let index = 1; index <= setup.messages; index += 1) {
    const messageId = `burst-${String(index).padStart(4, '0')}`;
    await putRawMessage(setup.s3, messageId, await burstMessage(index));
    messageIds.push(messageId);
  }
  const clearfacts = await startBenchClearfacts(setup.clearfactsDelayMs);
  try {
    const request: Omit<BurstProbeInput, 'answer'> = {
      s3Endpoint: setup.s3Endpoint,
      clearfactsUrl: clearfacts.url,
      messageIds,
      concurrency,
      batchSize: INGEST_BATCH_SIZE,
    };
    const { figures } = await runProbeProcess<{ figures: BurstFigures }>({
      script: setup.probe,
      input: { ...request },
      directory: setup.directory,
    });
    const messagesPerSecond = setup.messages / figures.seconds;
    const clearfactsBusy =
      (clearfacts.uploadCount() * setup.clearfactsDelayMs) / 1000 / (concurrency * figures.seconds);
    return {
      messages: setup.messages,
      concurrency,
      clearfactsDelayMs: setup.clearfactsDelayMs,
      seconds: figures.seconds,
      messagesPerSecond,
      idealPerSecond: concurrency / (setup.clearfactsDelayMs / 1000),
      clearfactsBusy,
      bottleneck: clearfactsBusy >= KEEPS_UP ? 'Clearfacts' : 'pipeline',
      medianMessageMs: median(figures.batchMs),
    };
  } finally {
    await clearfacts.close();
  }
}
