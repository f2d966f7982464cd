import type { S3Client } from '@aws-sdk/client-s3';
import { type LocalReply, LocalReplySender } from '../feedback/local-reply-sender';
import type { StorageAdapters } from '../ingest/build-batch-deps';
import { createFileLedger, createFileReplyLedger } from '../ledger/file-ledger';
import type { PdfRenderer } from '../render/pdf-renderer';
import { S3ReportStore } from '../reports/s3-report-store';
import { S3MessageStore } from '../storage/s3-message-store';
import type { LocalPaths } from './local-paths';

/** Where uploads go: the real Clearfacts API with a token, or the sandbox with its own. */
export interface ClearfactsEndpoint {
  readonly apiUrl: string;
  readonly token: string;
}

/** The local adapters; the report store is the S3 one, whose keys the console prints. */
export interface LocalAdapters extends StorageAdapters {
  readonly reports: S3ReportStore;
}

/**
 * The AWS adapters' local twins, in the data directory: s3rver for raw mail and reports, a ledger
 * file for DynamoDB, `.eml` files for SES replies (never the internet).
 */
export function localAdapters(input: {
  /** A client for the local S3. */
  readonly s3: S3Client;
  readonly paths: LocalPaths;
  /** A local Chromium; absent: bodies are not rendered. */
  readonly renderer?: PdfRenderer;
  /** Told of each reply written. */
  readonly onReply?: (reply: LocalReply) => void;
}): LocalAdapters {
  const { paths, renderer } = input;
  return {
    messages: new S3MessageStore(input.s3),
    reports: new S3ReportStore(input.s3),
    ledger: createFileLedger(paths.ledger),
    replyLedger: createFileReplyLedger(paths.ledger),
    replySender: new LocalReplySender(paths.replies, input.onReply),
    ...(renderer === undefined ? {} : { renderer }),
  };
}
