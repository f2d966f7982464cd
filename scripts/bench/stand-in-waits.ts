import { performance } from 'node:perf_hooks';
import type { ClearfactsUploader } from '../../functions/clearfacts/uploader';
import type { ReportStore } from '../../functions/reports/report-store';
import type { MessageStore } from '../../functions/storage/message-store';

/** How long the pipeline waited on the stand-ins for one message, by call. */
export interface StandInWaits {
  /** Until the local S3 answered the GET with its headers (the body then streams into the parser). */
  readonly s3GetMs: number;
  /** Sending each document to the Clearfacts stand-in and reading its answer. */
  readonly uploadMs: number;
  /** Writing the report to the local S3. */
  readonly reportPutMs: number;
}

/**
 * Wraps the ports that talk to the stand-ins and adds up the time spent in them, so the table can
 * tell the pipeline's own work from the latency of the local S3 and the Clearfacts stand-in.
 * Calls of one kind that overlap (uploads run a few at a time) count once: the time during which
 * at least one was waiting, so the waits never exceed the wall time they are part of.
 */
export class StandInClock {
  private waits = { s3GetMs: 0, uploadMs: 0, reportPutMs: 0 };
  /** Per kind: how many calls are waiting, and since when at least one has been. */
  private readonly open = new Map<keyof StandInWaits, { count: number; since: number }>();

  /** `now`: milliseconds on a monotonic clock (a test gives its own). */
  constructor(private readonly now: () => number = () => performance.now()) {}

  messages(store: MessageStore): MessageStore {
    return { openRawMessage: (location) => this.time('s3GetMs', () => store.openRawMessage(location)) };
  }

  reports(store: ReportStore): ReportStore {
    return {
      saveReport: (report, bucket) => this.time('reportPutMs', () => store.saveReport(report, bucket)),
      loadReport: (messageId, bucket) => store.loadReport(messageId, bucket),
    };
  }

  uploader(uploader: ClearfactsUploader): ClearfactsUploader {
    return { uploadFile: (request) => this.time('uploadMs', () => uploader.uploadFile(request)) };
  }

  /** What was added up since the last call, and starts again from zero. */
  take(): StandInWaits {
    const waits = this.waits;
    this.waits = { s3GetMs: 0, uploadMs: 0, reportPutMs: 0 };
    return waits;
  }

  private async time<T>(key: keyof StandInWaits, call: () => Promise<T>): Promise<T> {
    const open = this.open.get(key) ?? { count: 0, since: 0 };
    if (open.count === 0) open.since = this.now();
    open.count += 1;
    this.open.set(key, open);
    try {
      return await call();
    } finally {
      open.count -= 1;
      if (open.count === 0) this.waits[key] += this.now() - open.since;
    }
  }
}
