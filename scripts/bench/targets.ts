import type { ColdStartFigures } from './cold-start';
import type { MessageFigures } from './measure';
import { mebibytes } from './stats';
import type { ThroughputFigures } from './throughput';

/** One of the targets beside the measured figure. */
export interface Target {
  /** Stable across runs and versions: what a script comparing runs keys on. */
  readonly id: TargetId;
  readonly name: string;
  readonly value: number;
  readonly target: number;
  readonly unit: string;
  /** Whether the value must stay at or below the target, or reach it. */
  readonly comparison: '<=' | '>=';
  readonly met: boolean;
}

/** The ids of issue #19's targets. */
export type TargetId =
  | 'own-work-300kb'
  | 'own-work-5mb'
  | 'rss-39mb'
  | 'cold-import'
  | 'throughput-300ms'
  | 'fifty-documents-300ms'
  | 'dynamodb-calls-one-document'
  | 'bundle';

/** Own work (wall time less the waits on S3 and Clearfacts) may be this much of simpleParser's wall time. */
const OWN_WORK_RATIO_LIMIT = 1.2;
/** Peak RSS above idle may be this many times the message's size. */
const RSS_PER_MESSAGE_BYTE = 2.5;
/** The main function bundle, minified, MB. */
const BUNDLE_LIMIT_MB = 2;
/** Importing the bundle may take this many times as long as importing mailparser alone. */
const COLD_IMPORT_RATIO_LIMIT = 1.5;
/** Messages a second with a 300 ms Clearfacts at concurrency 5 (90% of the ideal 16.7). */
const THROUGHPUT_LIMIT = 15;
/** Seconds for one message with 50 PDFs with a 300 ms Clearfacts (one at a time would be 15 s). */
const FIFTY_DOCUMENTS_LIMIT_SECONDS = 5;
/** DynamoDB requests (reads and writes) for a message with one document. */
const DYNAMODB_CALLS_LIMIT = 4;

/** Which corpus messages the targets name. */
const OWN_WORK_MESSAGES: readonly (readonly [TargetId, string])[] = [
  ['own-work-300kb', 'typical-300kb'],
  ['own-work-5mb', 'scan-5mb'],
];
const MEMORY_MESSAGE = 'ses-max-39mb';
const ONE_DOCUMENT_MESSAGE = 'typical-300kb';

/** One message with 50 documents processed with a slow Clearfacts. */
export interface FiftyDocumentsFigures {
  readonly message: string;
  readonly documents: number;
  readonly clearfactsDelayMs: number;
  readonly runs: number;
  /** Median wall time of processing the message, Clearfacts' answers included. */
  readonly seconds: number;
}

/** The pipeline's own work for a message: its wall time less its waits on the stand-ins. */
export function ownWorkMs(message: MessageFigures): number {
  const { s3GetMs, uploadMs, reportPutMs } = message.waits;
  return message.pipeline.wallMs - s3GetMs - uploadMs - reportPutMs;
}

/** Checks every target of the issue against the figures (a target whose figure was not measured is left out). */
export function checkTargets(figures: {
  readonly messages: readonly MessageFigures[];
  readonly coldStart?: ColdStartFigures;
  readonly throughput?: ThroughputFigures;
  readonly fiftyDocuments?: FiftyDocumentsFigures;
}): Target[] {
  const targets: Target[] = [];
  const at = (
    id: TargetId,
    name: string,
    value: number,
    target: number,
    unit: string,
    comparison: Target['comparison'],
  ): void => {
    targets.push({
      id,
      name,
      value,
      target,
      unit,
      comparison,
      met: comparison === '<=' ? value <= target : value >= target,
    });
  };
  const named = (name: string): MessageFigures | undefined =>
    figures.messages.find((candidate) => candidate.name === name);
  for (const [id, name] of OWN_WORK_MESSAGES) {
    const message = named(name);
    if (message !== undefined) {
      const ratio = ownWorkMs(message) / message.baseline.wallMs;
      at(id, `Own work ÷ simpleParser, ${name}`, ratio, OWN_WORK_RATIO_LIMIT, '×', '<=');
    }
  }
  const big = named(MEMORY_MESSAGE);
  if (big !== undefined) {
    const limit = RSS_PER_MESSAGE_BYTE * mebibytes(big.bytes);
    at('rss-39mb', `Peak RSS above idle, ${MEMORY_MESSAGE}`, big.pipeline.rssAboveIdleMB, limit, 'MB', '<=');
  }
  if (figures.coldStart !== undefined) {
    const { function: fn, mailparser } = figures.coldStart;
    at(
      'cold-import',
      'Bundle import ÷ mailparser-only import',
      fn.importMs / mailparser.importMs,
      COLD_IMPORT_RATIO_LIMIT,
      '×',
      '<=',
    );
  }
  if (figures.throughput !== undefined) {
    const { messagesPerSecond, clearfactsDelayMs } = figures.throughput;
    at(
      'throughput-300ms',
      `Throughput with a ${clearfactsDelayMs} ms Clearfacts`,
      messagesPerSecond,
      THROUGHPUT_LIMIT,
      'msg/s',
      '>=',
    );
  }
  if (figures.fiftyDocuments !== undefined) {
    const { documents, clearfactsDelayMs, seconds } = figures.fiftyDocuments;
    at(
      'fifty-documents-300ms',
      `One message with ${documents} PDFs, ${clearfactsDelayMs} ms Clearfacts`,
      seconds,
      FIFTY_DOCUMENTS_LIMIT_SECONDS,
      's',
      '<=',
    );
  }
  const oneDocument = named(ONE_DOCUMENT_MESSAGE);
  if (oneDocument !== undefined) {
    const { reads, writes } = oneDocument.ledger;
    at(
      'dynamodb-calls-one-document',
      `DynamoDB requests, ${ONE_DOCUMENT_MESSAGE} (one document)`,
      reads + writes,
      DYNAMODB_CALLS_LIMIT,
      'requests',
      '<=',
    );
  }
  if (figures.coldStart !== undefined) {
    at(
      'bundle',
      'Main function bundle, minified',
      mebibytes(figures.coldStart.bundle.totalBytes),
      BUNDLE_LIMIT_MB,
      'MB',
      '<=',
    );
  }
  return targets;
}
