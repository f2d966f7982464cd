import type { MessageReport } from './message-report';

/** A report as stored, with when it was written. */
export interface StoredReport {
  readonly report: MessageReport;
  /** When the report was last written (the object's or file's modification time). */
  readonly storedAt: Date;
  /** `s3://bucket/reports/<id>.json` or a file path. */
  readonly location: string;
}

/** Which reports to read. */
export interface ReportQuery {
  readonly since?: Date;
  readonly until?: Date;
  /** Read at most this many (the newest); the rest is reported as `skipped`. */
  readonly limit: number;
}

/** What a read found. */
export interface RecentReportsResult {
  /** Newest first. */
  readonly reports: readonly StoredReport[];
  /** Reports in the window that were not read because of `limit`. */
  readonly skipped: number;
  /** Locations that held no readable report. */
  readonly unreadable: readonly string[];
}

/** Reads the newest message reports: from the bucket when deployed, from the local S3's files locally. */
export interface RecentReports {
  readonly description: string;
  list(query: ReportQuery): Promise<RecentReportsResult>;
}

/** Reports run to a few kilobytes; eight at a time keeps S3 and the terminal busy without a burst. */
export const REPORT_READ_CONCURRENCY = 8;

/** Whether a modification time falls in the query's window. */
export function inWindow(time: Date, query: Pick<ReportQuery, 'since' | 'until'>): boolean {
  const ms = time.getTime();
  return (
    (query.since === undefined || ms >= query.since.getTime()) &&
    (query.until === undefined || ms <= query.until.getTime())
  );
}

/** A parsed report, or `undefined` when the text is not one. */
export function parseReport(text: string): MessageReport | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<MessageReport>;
    return typeof parsed === 'object' &&
      parsed !== null &&
      typeof parsed.messageId === 'string' &&
      typeof parsed.outcome === 'string'
      ? (parsed as MessageReport)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A report found in the query's window, not read yet. */
export interface FoundReport {
  /** `s3://bucket/reports/<id>.json` or a file path. */
  readonly location: string;
  /** When it was last written. */
  readonly modified: Date;
  /** Its text. */
  read(): Promise<string>;
}

/** Reads the newest `limit` of the reports found, a few at a time; the rest count as skipped. */
export async function readNewestReports(
  found: readonly FoundReport[],
  limit: number,
): Promise<RecentReportsResult> {
  const chosen = [...found].sort((a, b) => b.modified.getTime() - a.modified.getTime()).slice(0, limit);
  const unreadable: string[] = [];
  const read = await mapBounded(chosen, REPORT_READ_CONCURRENCY, async (entry) => {
    const report = parseReport(await entry.read());
    if (report === undefined) unreadable.push(entry.location);
    return report === undefined ? undefined : { report, storedAt: entry.modified, location: entry.location };
  });
  return {
    reports: read.filter((entry): entry is StoredReport => entry !== undefined),
    skipped: found.length - chosen.length,
    unreadable,
  };
}

/** Runs `work` over `items` with at most `concurrency` at a time, keeping the order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
