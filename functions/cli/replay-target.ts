import type { BatchDeps } from '../ingest/process-batch';
import type { EventLog } from '../shared/event-log';

/** Where a replay runs: the deployed stack or the local inbox's data. */
export interface ReplayTarget {
  /** The same ports the queue's code uses there. */
  readonly deps: BatchDeps;
  /** The bucket holding raw mail and reports. */
  readonly bucket: string;
  /** The key prefix raw mail is stored under. */
  readonly rawMailPrefix: string;
  /** Names the target for people ("stack ClearfactsMailIngest in eu-west-1"). */
  readonly description: string;
  /** Stops what the target started and releases its clients. */
  close(): Promise<void>;
}

/** Warnings and errors to stderr; the report printed at the end says the rest. */
export function stderrLog(
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): EventLog {
  const print = (level: string) => (message: string, attributes?: Record<string, unknown>) =>
    write(`${level} ${message}${attributes === undefined ? '' : ` ${JSON.stringify(attributes)}`}`);
  return { info: () => undefined, warn: print('warning:'), error: print('error:') };
}
