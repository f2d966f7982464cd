import type { S3Client } from '@aws-sdk/client-s3';
import { ClearfactsClient } from '../clearfacts/clearfacts-client';
import type { Config } from '../config/config-schema';
import { feedbackDeps } from '../feedback/feedback-deps';
import { LocalReplySender } from '../feedback/local-reply-sender';
import type { BatchDeps } from '../ingest/process-batch';
import { createFileLedger, createFileReplyLedger } from '../ledger/file-ledger';
import type { PdfRenderer } from '../render/pdf-renderer';
import type { S3ReportStore } from '../reports/s3-report-store';
import { MailboxRouter } from '../routing/route-recipients';
import type { EventLog } from '../shared/event-log';
import { S3MessageStore } from '../storage/s3-message-store';
import type { LocalEvent } from './local-events';

/** Where uploads go: the real Clearfacts API with a token, or the sandbox with its own. */
export interface ClearfactsEndpoint {
  readonly apiUrl: string;
  readonly token: string;
}

/** What the local ports are built from. */
export interface LocalBatchDepsInput {
  readonly config: Config;
  readonly clearfacts: ClearfactsEndpoint;
  /** A client for the local S3, which holds the raw mail and the reports. */
  readonly s3: S3Client;
  readonly reports: S3ReportStore;
  /** The file ledger (DynamoDB in AWS). */
  readonly ledgerPath: string;
  /** Where replies to senders are written (SES in AWS): never the internet. */
  readonly repliesDir: string;
  readonly emit: (event: LocalEvent) => void;
  /** Renders bodies of mail without documents to PDF (a local Chromium); absent: not rendered. */
  readonly renderer?: PdfRenderer;
}

/** The same ports the Lambda wires in `handler.ts`, pointed at the local servers and files. */
export function localBatchDeps(input: LocalBatchDepsInput): BatchDeps {
  const { clearfacts, emit } = input;
  const log: EventLog = {
    // The console prints each message's report; info lines would only repeat it.
    info: () => undefined,
    warn: (message, attributes) =>
      emit({ type: 'log', level: 'warn', message, attributes: attributes ?? {} }),
    error: (message, attributes) =>
      emit({ type: 'log', level: 'error', message, attributes: attributes ?? {} }),
  };
  return {
    router: new MailboxRouter(input.config),
    messages: new S3MessageStore(input.s3),
    reports: input.reports,
    ledger: createFileLedger(input.ledgerPath),
    log,
    now: () => new Date(),
    uploader: new ClearfactsClient({ apiUrl: clearfacts.apiUrl, token: () => clearfacts.token }),
    feedback: feedbackDeps(input.config, {
      sender: new LocalReplySender(input.repliesDir, (reply) => emit({ type: 'reply', reply })),
      replies: createFileReplyLedger(input.ledgerPath),
    }),
    ...(input.renderer === undefined ? {} : { renderer: input.renderer }),
  };
}
