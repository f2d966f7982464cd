import { ClearfactsClient } from '../clearfacts/clearfacts-client';
import type { TokenProvider } from '../clearfacts/graphql-request';
import type { FunctionConfig } from '../config/function-config';
import { feedbackDeps } from '../feedback/feedback-deps';
import type { ReplySender } from '../feedback/reply-sender';
import type { DeliveryLedger } from '../ledger/delivery-ledger';
import type { ReplyLedger } from '../ledger/reply-ledger';
import type { PdfRenderer } from '../render/pdf-renderer';
import type { ReportStore } from '../reports/report-store';
import { MailboxRouter } from '../routing/route-recipients';
import type { EventLog } from '../shared/event-log';
import type { MessageStore } from '../storage/message-store';
import type { BatchDeps } from './process-batch';

/**
 * The storage a deployment provides: S3 and DynamoDB in AWS (`aws-adapters.ts`), s3rver and files
 * in the local inbox (`local/local-adapters.ts`).
 */
export interface StorageAdapters {
  readonly messages: MessageStore;
  readonly reports: ReportStore;
  /** What was delivered where (DynamoDB in AWS, a file locally). */
  readonly ledger: DeliveryLedger;
  /** Which messages were answered, and the per-sender rate limit. */
  readonly replyLedger: ReplyLedger;
  /** Sends replies (SES in AWS, `.eml` files locally); absent: nobody is answered. */
  readonly replySender?: ReplySender;
  /** The address replies come from where the deployment fixes it (the stack's `REPLY_FROM`). */
  readonly replyFrom?: string;
  /** Renders bodies of mail without documents (the render function, a local Chromium); absent: not rendered. */
  readonly renderer?: PdfRenderer;
}

/** Everything the processing dependencies are built from, on every path (Lambda, local inbox, replay, release). */
export interface BatchAdapters extends StorageAdapters {
  readonly config: FunctionConfig;
  readonly clearfacts: {
    /** Replaces the config's endpoint (`CLEARFACTS_API_URL`: stand-ins, the local sandbox). */
    readonly apiUrl?: string;
    readonly token: TokenProvider;
  };
  readonly log: EventLog;
  readonly now?: () => Date;
}

/**
 * The one place the batch's ports are put together, so the Lambda, the local inbox, replay and
 * release route, render, record and answer senders the same way.
 */
export function buildBatchDeps(adapters: BatchAdapters): BatchDeps {
  const { config, renderer, replySender, replyFrom } = adapters;
  return {
    router: new MailboxRouter(config),
    messages: adapters.messages,
    reports: adapters.reports,
    ledger: adapters.ledger,
    log: adapters.log,
    now: adapters.now ?? (() => new Date()),
    uploader: new ClearfactsClient({
      apiUrl: adapters.clearfacts.apiUrl ?? config.clearfacts.apiUrl,
      token: adapters.clearfacts.token,
    }),
    ...(renderer === undefined ? {} : { renderer }),
    ...(replySender === undefined
      ? {}
      : {
          feedback: feedbackDeps(
            { ...config, ...(replyFrom === undefined ? {} : { replyFrom }) },
            { sender: replySender, replies: adapters.replyLedger },
          ),
        }),
  };
}
