import type { ParsedMail } from 'mailparser';
import { buildProvenanceComment } from '../clearfacts/provenance-comment';
import type { ClearfactsUploader } from '../clearfacts/uploader';
import type { DocumentCandidate } from '../documents/document';
import { parseMessage } from '../mail/parse-message';
import { extractDocuments } from '../mail/pick-documents';
import type { DeliveryReport, MessageOutcome, MessageReport } from '../reports/message-report';
import { REPORT_VERSION } from '../reports/message-report';
import type { MailboxRouter, RoutingResult } from '../routing/route-recipients';
import { describeError, errorKindOf } from '../shared/errors';
import type { EventLog } from '../shared/event-log';
import { deliverDocuments } from './deliver-documents';
import type { IncomingMessage } from './incoming-message';
import { describeDocument, describeRoute } from './report-parts';

/** The ports message processing runs against. */
export interface ProcessingDeps {
  readonly router: MailboxRouter;
  readonly uploader: ClearfactsUploader;
  readonly log: EventLog;
  readonly now: () => Date;
  /** Decide but do not upload (the CLI's `--dry-run`). */
  readonly dryRun?: boolean;
}

/**
 * Routes, parses, extracts and uploads one message, and says what happened in a report.
 * Never throws for bad input: a broken message yields a report with the reason. Storage
 * failures do throw (classified), so the queue retries them.
 */
export async function processMessage(message: IncomingMessage, deps: ProcessingDeps): Promise<MessageReport> {
  const routing = deps.router.route(message.recipients);
  const base = baseReport(message, routing, deps.now());
  deps.log.info('message routed', {
    messageId: message.messageId,
    attempt: message.attempt,
    mailboxes: routing.mailboxes.map((mailbox) => mailbox.address),
    unrouted: routing.routes.filter((route) => route.mailbox === undefined).length,
  });
  if (routing.mailboxes.length === 0) return { ...base, outcome: 'unroutable' };

  let parsed: ParsedMail;
  let documents: DocumentCandidate[];
  try {
    parsed = await parseMessage(await message.open());
    documents = await extractDocuments(parsed);
  } catch (error) {
    if (errorKindOf(error) !== 'permanent') throw error;
    deps.log.warn('message could not be read', { messageId: message.messageId, error: describeError(error) });
    return { ...base, outcome: 'failed', error: describeError(error) };
  }

  const from = parsed.from?.value[0]?.address;
  const subject = parsed.subject;
  const comment = buildProvenanceComment({ from, subject, messageId: message.messageId });
  const deliveries: DeliveryReport[] = [];
  for (const mailbox of routing.mailboxes) {
    deliveries.push(
      await deliverDocuments(
        { mailbox, documents, comment, messageId: message.messageId, dryRun: deps.dryRun === true },
        deps.uploader,
        deps.log,
      ),
    );
  }
  const report: MessageReport = {
    ...base,
    ...(from === undefined ? {} : { from }),
    ...(subject === undefined ? {} : { subject }),
    documents: documents.map(describeDocument),
    deliveries,
    outcome: outcomeOf(documents, deliveries),
  };
  deps.log.info('message processed', {
    messageId: message.messageId,
    outcome: report.outcome,
    documents: documents.length,
    uploaded: countUploads(deliveries, 'uploaded'),
    failed: countUploads(deliveries, 'failed'),
  });
  return report;
}

function baseReport(
  message: IncomingMessage,
  routing: RoutingResult,
  now: Date,
): Omit<MessageReport, 'outcome'> {
  return {
    version: REPORT_VERSION,
    messageId: message.messageId,
    ...(message.receivedAt === undefined ? {} : { receivedAt: message.receivedAt }),
    processedAt: now.toISOString(),
    attempt: message.attempt,
    envelopeSender: message.envelopeSender,
    verdicts: message.verdicts,
    recipients: routing.routes.map(describeRoute),
    documents: [],
    deliveries: [],
  };
}

function outcomeOf(
  documents: readonly DocumentCandidate[],
  deliveries: readonly DeliveryReport[],
): MessageOutcome {
  const uploads = deliveries.flatMap((delivery) => delivery.uploads);
  if (uploads.some((upload) => upload.status === 'failed' && upload.errorKind !== 'permanent'))
    return 'retrying';
  if (uploads.some((upload) => upload.status === 'failed')) return 'failed';
  if (!documents.some((document) => document.decision.action === 'upload')) return 'no-documents';
  if (uploads.some((upload) => upload.status === 'planned')) return 'planned';
  return 'delivered';
}

function countUploads(deliveries: readonly DeliveryReport[], status: 'uploaded' | 'failed'): number {
  return deliveries.flatMap((delivery) => delivery.uploads).filter((upload) => upload.status === status)
    .length;
}
