import { ClearfactsClient } from '../../functions/clearfacts/clearfacts-client';
import { type BatchDeps, processBatch } from '../../functions/ingest/process-batch';
import { localS3Client } from '../../functions/local/local-s3';
import { S3ReportStore } from '../../functions/reports/s3-report-store';
import { MailboxRouter } from '../../functions/routing/route-recipients';
import { silentLog } from '../../functions/shared/event-log';
import { S3MessageStore } from '../../functions/storage/s3-message-store';
import { BENCH_CONFIG } from './bench-config';
import { CountingItemStore } from './counting-ledger';
import { queueRecord } from './notifications';
import { measureWork, probeInput, runProbe, writeAnswer } from './probe-harness';
import { StandInClock } from './stand-in-waits';

/** What the parent asks of one run of the full processing. */
export interface PipelineProbeInput {
  readonly s3Endpoint: string;
  readonly clearfactsUrl: string;
  /** The SES message id of the message to measure (its object is `inbound/<id>`). */
  readonly messageId: string;
  /** A small message processed a few times first, so both sides are measured warm. */
  readonly warmupId: string;
  readonly warmups: number;
  /** How many documents the message must deliver; anything else fails the run. */
  readonly documents: number;
  readonly answer: string;
}

/**
 * The project's full processing of one message, as the Lambda does it: `processBatch` reads the
 * raw mail from the local S3 (a stream), routes, parses, extracts, hashes, claims in the ledger,
 * uploads to the Clearfacts stand-in and writes the report back to S3.
 */
runProbe(async () => {
  const input = probeInput<PipelineProbeInput>();
  const s3 = localS3Client(input.s3Endpoint);
  const clock = new StandInClock();
  const shared = {
    router: new MailboxRouter(BENCH_CONFIG),
    messages: clock.messages(new S3MessageStore(s3)),
    reports: clock.reports(new S3ReportStore(s3)),
    log: silentLog,
    now: () => new Date(),
    uploader: clock.uploader(
      new ClearfactsClient({ apiUrl: input.clearfactsUrl, token: () => 'bench-token' }),
    ),
  };
  // A fresh ledger per message, so the warm-up message can be delivered again.
  const withLedger = (store: CountingItemStore): BatchDeps => ({ ...shared, ledger: store.ledger() });
  for (let warmup = 0; warmup < input.warmups; warmup += 1) {
    await expectDelivered(
      processBatch([queueRecord(input.warmupId)], withLedger(new CountingItemStore())),
      1,
    );
  }
  const store = new CountingItemStore();
  const deps = withLedger(store);
  clock.take();
  const figures = await measureWork(
    async () => undefined,
    () => expectDelivered(processBatch([queueRecord(input.messageId)], deps), input.documents),
  );
  writeAnswer(input.answer, { figures, ledger: store.take(), waits: clock.take() });
});

/** Fails the run unless the message was processed and exactly `documents` documents were uploaded. */
async function expectDelivered(batch: ReturnType<typeof processBatch>, documents: number): Promise<void> {
  const [result] = await batch;
  if (result?.status !== 'done') throw new Error(`The message was not processed: ${JSON.stringify(result)}`);
  const uploaded = result.report.deliveries
    .flatMap((delivery) => delivery.uploads)
    .filter((upload) => upload.status === 'uploaded').length;
  if (uploaded !== documents) {
    throw new Error(
      `Expected ${documents} uploads, the report says ${uploaded}: ${JSON.stringify(result.report)}`,
    );
  }
}
