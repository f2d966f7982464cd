import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { type ParsedMail, simpleParser } from 'mailparser';
import type { UploadedFile, UploadRequest } from '../../functions/clearfacts/uploader';
import type { ComposedReply } from '../../functions/feedback/compose-reply';
import { type FeedbackDeps, feedbackDeps } from '../../functions/feedback/feedback-deps';
import type { ReplySender } from '../../functions/feedback/reply-sender';
import type { IncomingMessage } from '../../functions/ingest/incoming-message';
import { type BatchDeps, processRecord } from '../../functions/ingest/process-batch';
import { createMemoryLedger, createMemoryReplyLedger } from '../../functions/ledger/memory-ledger';
import type { ReplyLedger } from '../../functions/ledger/reply-ledger';
import type { MessageReport } from '../../functions/reports/message-report';
import { MailboxRouter } from '../../functions/routing/route-recipients';
import {
  ACME,
  DOMAIN,
  type Arrival as MemoryArrival,
  memoryConfig,
  memoryStores,
  PASSING,
} from './memory-pipeline';
import { sesNotification, snsEnvelope } from './ses-events';

export { ACME, DOMAIN, PASSING } from './memory-pipeline';

/** The reply address and the sender of the tests' messages. */
export const REPLY_FROM = `noreply@${DOMAIN}`;
export const SUPPLIER = 'billing@supplier.example.be';
export const BUCKET = 'mail-bucket';

/** How one message arrives, and how often SQS has handed it over. */
export interface Arrival extends MemoryArrival {
  readonly receiveCount?: number;
}

/** How the pipeline is built. */
export interface ReplyPipelineOptions {
  /** Merged over `{ domain, mailboxes: [acme] }` and parsed like the admin's config. */
  readonly config?: Record<string, unknown>;
  /** Default: keeps every reply in `replies`. */
  readonly sender?: ReplySender;
  /** Default: a memory ledger on the pipeline's clock. */
  readonly replyLedger?: ReplyLedger;
  /** Replaces the uploader (which otherwise accepts everything, counting two pages). */
  readonly uploadFile?: (request: UploadRequest) => Promise<UploadedFile>;
}

/**
 * `processRecord` (the Lambda's code) with replies to senders, everything in memory: raw mail and
 * reports in maps, a memory ledger, an uploader that accepts, and a sender that keeps each reply.
 */
export class ReplyPipeline {
  readonly replies: ComposedReply[] = [];
  readonly raw = new Map<string, Buffer>();
  readonly reports = new Map<string, MessageReport>();
  readonly logLines: Record<string, unknown>[] = [];
  readonly deps: BatchDeps & { readonly feedback: FeedbackDeps };
  now = new Date('2026-11-20T09:15:00Z');
  private counter = 0;

  constructor(options: ReplyPipelineOptions = {}) {
    const config = memoryConfig(options.config);
    const clock = (): Date => this.now;
    const record =
      (level: string) =>
      (message: string, attributes?: Record<string, unknown>): void => {
        this.logLines.push({ level, message, ...attributes });
      };
    this.deps = {
      router: new MailboxRouter(config),
      ledger: createMemoryLedger(clock),
      log: { info: record('INFO'), warn: record('WARN'), error: record('ERROR') },
      now: clock,
      uploader: {
        uploadFile:
          options.uploadFile ??
          (async (request) => ({
            uuid: randomUUID(),
            name: request.filename,
            amountOfPages: 2,
            comment: request.comment ?? null,
          })),
      },
      ...memoryStores(this.raw, this.reports),
      feedback: feedbackDeps(config, {
        sender: options.sender ?? { send: async (reply) => void this.replies.push(reply) },
        replies: options.replyLedger ?? createMemoryReplyLedger(clock),
      }),
    };
  }

  /** Moves the clock on. */
  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
  }

  /** Delivers one raw message as SES → SNS → SQS would, and returns its saved report. */
  async deliver(raw: Buffer, arrival: Arrival = {}): Promise<MessageReport> {
    const messageId = arrival.messageId ?? `msg-${++this.counter}`;
    this.raw.set(`inbound/${messageId}`, raw);
    const notification = sesNotification({
      messageId,
      bucket: BUCKET,
      recipients: arrival.recipients ?? [ACME],
      verdicts: arrival.verdicts ?? PASSING,
    }) as { mail: { source: string } };
    if (arrival.envelopeSender !== undefined) notification.mail.source = arrival.envelopeSender;
    const result = await processRecord(
      {
        messageId: `record-${messageId}`,
        body: snsEnvelope(notification),
        receiveCount: arrival.receiveCount ?? 1,
      },
      this.deps,
    );
    if (result.status === 'ignored' || result.report === undefined) {
      throw new Error(`No report for ${messageId}: ${JSON.stringify(result)}`);
    }
    return result.report;
  }

  /** The stored message as the reply step sees it (for calling `withReply` on a saved report). */
  incoming(report: MessageReport): IncomingMessage {
    const raw = this.raw.get(`inbound/${report.messageId}`) ?? Buffer.alloc(0);
    return {
      messageId: report.messageId,
      envelopeSender: report.envelopeSender,
      recipients: report.recipients.map((route) => route.recipient),
      verdicts: report.verdicts,
      attempt: report.attempt,
      open: async () => Readable.from([raw]),
    };
  }
}

/** A sent reply, parsed back as a mail client would read it. */
export function parseReply(reply: ComposedReply | undefined): Promise<ParsedMail> {
  if (reply === undefined) throw new Error('No reply was sent');
  return simpleParser(reply.raw);
}

/** One header of a parsed reply, as written (unfolded). */
export function header(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((entry) => entry.key === name.toLowerCase())?.line;
  return line
    ?.slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}
