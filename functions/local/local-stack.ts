import { randomUUID } from 'node:crypto';
import type { Config } from '../config/config-schema';
import { buildBatchDeps } from '../ingest/build-batch-deps';
import { processBatch } from '../ingest/process-batch';
import { MAX_RECEIVE_COUNT } from '../ingest/retry-schedule';
import { ChromiumPdfRenderer } from '../render/chromium-renderer';
import { type FoundChromium, findChromium } from '../render/find-chromium';
import type { EventLog } from '../shared/event-log';
import {
  administrationsOf,
  type ClearfactsSandbox,
  startClearfactsSandbox,
} from './clearfacts/clearfacts-sandbox';
import { type ClearfactsEndpoint, localAdapters } from './local-adapters';
import type { LocalEvent } from './local-events';
import { type LocalPaths, localPaths } from './local-paths';
import { LocalQueue, type LocalQueueOptions } from './local-queue';
import { localRetryDelayMs } from './local-retry-schedule';
import { localObjectPath, startLocalS3 } from './local-s3';
import { DEFAULT_SMTP_PORT } from './local-settings';
import { loadPendingRecords, savePendingRecords, writeDeadLetter } from './queue-files';
import { PASSING_VERDICTS, type Verdicts } from './ses-notification-builder';
import { s3ReceiptAction } from './ses-receipt-action';
import { startSmtpInbox } from './smtp-inbox';

/** The bucket the local receipt rule writes to; reports go beside the mail, as in AWS. */
export const LOCAL_BUCKET = 'clearfacts-mail-ingest-local';

/** What to start. Ports are on 127.0.0.1; 0 picks a free one. */
export interface LocalStackOptions {
  readonly config: Config;
  /** Everything the stack stores lives here (see `LocalPaths`). */
  readonly dataDir: string;
  /** Default `DEFAULT_SMTP_PORT`. */
  readonly smtpPort?: number;
  /** Default 0. */
  readonly s3Port?: number;
  /** Default 0. */
  readonly sandboxPort?: number;
  /** Absent: the built-in Clearfacts sandbox. */
  readonly clearfacts?: ClearfactsEndpoint;
  /** Default: every verdict PASS. */
  readonly verdicts?: Verdicts;
  readonly queue?: Pick<LocalQueueOptions, 'batchSize' | 'maxReceiveCount' | 'retryDelayMs'>;
  readonly onEvent?: (event: LocalEvent) => void;
  /** How the browser that prints mail bodies is found. Default `findChromium`. */
  readonly findBrowser?: () => Promise<FoundChromium>;
}

/** The running stack. */
export interface LocalStack {
  readonly smtpPort: number;
  readonly s3Endpoint: string;
  readonly bucket: string;
  /** The Clearfacts endpoint uploads go to. */
  readonly clearfactsUrl: string;
  /** Whether that endpoint is the built-in sandbox. */
  readonly sandbox: boolean;
  /** The built-in sandbox, when it runs: tests inject Clearfacts' faults through it. */
  readonly clearfactsSandbox: ClearfactsSandbox | undefined;
  readonly paths: LocalPaths;
  /** Which browser prints mail bodies, or why there is none. */
  readonly browser: string;
  /** Resolves once every queued message has been processed (or is dead-lettered). */
  idle(): Promise<void>;
  /** Stops the inbox, lets the current batch finish, keeps what is left for the next start, closes all. */
  stop(): Promise<void>;
}

/**
 * Starts the whole pipeline on 127.0.0.1: local S3, Clearfacts sandbox (unless a real API is
 * given), the queue delivering to `processBatch` (the Lambda's code), and the SMTP inbox.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const paths = localPaths(options.dataDir);
  const emit = options.onEvent ?? (() => undefined);
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  try {
    const s3 = await startLocalS3({
      directory: paths.s3,
      buckets: [LOCAL_BUCKET],
      port: options.s3Port ?? 0,
    });
    closers.push(async () => {
      await s3.close();
      s3.client.destroy();
    });

    let clearfacts = options.clearfacts;
    let sandbox: ClearfactsSandbox | undefined;
    if (clearfacts === undefined) {
      const token = `local-sandbox-${randomUUID()}`;
      sandbox = await startClearfactsSandbox({
        directory: paths.clearfacts,
        token,
        port: options.sandboxPort ?? 0,
        administrations: administrationsOf(options.config),
        onUpload: (upload) => emit({ type: 'sandbox-upload', upload }),
        onRefused: (reason) => emit({ type: 'sandbox-refused', reason }),
      });
      const started = sandbox;
      closers.push(() => started.close());
      clearfacts = { apiUrl: sandbox.url, token };
    }

    // Found now so the banner can name it, started by the first mail whose body is rendered.
    // Without one the inbox still runs: such a mail fails with what to install, and the renderer
    // looks again for the next one.
    const browser = await (options.findBrowser ?? findChromium)().then(
      (found) => ({ found, line: found.description }),
      (error: unknown) => ({
        found: undefined,
        line: `none found, mail bodies cannot be printed: ${error instanceof Error ? error.message : String(error)}`,
      }),
    );
    const found = browser.found;
    const renderer = new ChromiumPdfRenderer(found === undefined ? {} : { chromium: async () => found });
    closers.push(() => renderer.close());
    const storage = localAdapters({
      s3: s3.client,
      paths,
      renderer,
      onReply: (reply) => emit({ type: 'reply', reply }),
    });
    const { reports } = storage;
    const endpoint = clearfacts;
    const deps = buildBatchDeps({
      ...storage,
      config: options.config,
      log: eventLogTo(emit),
      clearfacts: { apiUrl: endpoint.apiUrl, token: () => endpoint.token },
    });
    const queue = new LocalQueue({
      maxReceiveCount: MAX_RECEIVE_COUNT,
      retryDelayMs: localRetryDelayMs,
      ...options.queue,
      consumer: async (records) => {
        const results = await processBatch(records, deps);
        for (const result of results) {
          const messageId = result.status === 'ignored' ? undefined : result.report?.messageId;
          const reportFile =
            messageId === undefined
              ? undefined
              : localObjectPath(paths.s3, LOCAL_BUCKET, reports.reportKey(messageId));
          emit({ type: 'processed', result, ...(reportFile === undefined ? {} : { reportFile }) });
        }
        return results;
      },
      onRetry: (record, delayMs) =>
        emit({ type: 'retry', recordId: record.messageId, receiveCount: record.receiveCount, delayMs }),
      onDeadLetter: async (record, error) => {
        const file = await writeDeadLetter(paths.deadLetter, record, error);
        emit({ type: 'dead-letter', recordId: record.messageId, file, error });
      },
    });
    queue.restore(await loadPendingRecords(paths.pendingQueue));
    closers.push(async () => savePendingRecords(paths.pendingQueue, await queue.stop()));

    const receive = s3ReceiptAction({
      s3: s3.client,
      bucket: LOCAL_BUCKET,
      verdicts: options.verdicts ?? PASSING_VERDICTS,
      publish: (body) => {
        queue.send(body);
      },
    });
    const inbox = await startSmtpInbox({
      domain: options.config.domain,
      port: options.smtpPort ?? DEFAULT_SMTP_PORT,
      spoolDirectory: paths.spool,
      receive: async (message) => {
        const stored = await receive(message);
        emit({ type: 'received', message, stored });
        return stored;
      },
      onRefused: (refused) => emit({ type: 'refused', refused }),
    });
    closers.push(() => inbox.close());

    return {
      smtpPort: inbox.port,
      s3Endpoint: s3.endpoint,
      bucket: LOCAL_BUCKET,
      clearfactsUrl: clearfacts.apiUrl,
      sandbox: options.clearfacts === undefined,
      clearfactsSandbox: sandbox,
      paths,
      browser: browser.line,
      idle: () => queue.idle(),
      stop: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** Warnings and errors become console events; info lines would only repeat each message's report. */
function eventLogTo(emit: (event: LocalEvent) => void): EventLog {
  return {
    info: () => undefined,
    warn: (message, attributes) =>
      emit({ type: 'log', level: 'warn', message, attributes: attributes ?? {} }),
    error: (message, attributes) =>
      emit({ type: 'log', level: 'error', message, attributes: attributes ?? {} }),
  };
}
