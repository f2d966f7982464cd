import type { ParsedMail } from 'mailparser';
import { buildProvenanceComment } from '../clearfacts/provenance-comment';
import type { ClearfactsUploader } from '../clearfacts/uploader';
import { type DeadlineGuard, WorkBudget, type WorkLimits } from '../convert/work-budget';
import type { DocumentCandidate } from '../documents/document';
import { type DocumentReading, readDocumentIdentities } from '../identity/document-identities';
import { DEFAULT_CLAIM_LEASE_MS, type DeliveryLedger } from '../ledger/delivery-ledger';
import type { FoundMessage } from '../mail/nested-message';
import { parseMessage } from '../mail/parse-message';
import { extractDocuments } from '../mail/pick-documents';
import type { Release } from '../policy/apply-policy';
import { considerMessageBody, MAX_RENDER_ATTEMPTS } from '../render/consider-message-body';
import type { PdfRenderer } from '../render/pdf-renderer';
import type { DeliveryReport, MessageReport } from '../reports/message-report';
import { REPORT_VERSION } from '../reports/message-report';
import type { MailboxRouter, RoutingResult } from '../routing/route-recipients';
import { describeError, errorKindOf } from '../shared/errors';
import type { EventLog } from '../shared/event-log';
import { deliverDocuments } from './deliver-documents';
import type { IncomingMessage } from './incoming-message';
import { decideMailboxes, type MailboxPolicies } from './mailbox-policies';
import { busyDelivery, claimMailboxes, type MailboxTurn, releaseUnfinished } from './mailbox-turns';
import { countUploads, isSettled, outcomeOf } from './message-outcome';
import { identitiesFor, reportIdentity } from './report-identities';
import { describeDocument, describeRoute, reportedText } from './report-parts';

/** A subject longer than a header line (RFC 5322's 998) is cut in the report. */
const MAX_REPORTED_SUBJECT_BYTES = 998;

/** The ports message processing runs against. */
export interface ProcessingDeps {
  readonly router: MailboxRouter;
  readonly uploader: ClearfactsUploader;
  /** What was delivered where: keeps repeats and concurrent duplicates from uploading twice. */
  readonly ledger: DeliveryLedger;
  readonly log: EventLog;
  readonly now: () => Date;
  /** How long ledger claims hold; the Lambda passes the time left to its deadline. */
  readonly claimLeaseMs?: number;
  /** Decide but do not upload (the CLI's `--dry-run`). */
  readonly dryRun?: boolean;
  /** An admin's replay: mailboxes finished earlier are processed again (the ledger still stops repeats). */
  readonly replay?: boolean;
  /** Renders the body of a message without documents to a PDF; absent: reported as not available. */
  readonly renderer?: PdfRenderer;
  /** An admin's release from quarantine: the policy accepts what it would hold (never a virus). */
  readonly release?: Release;
  /** The invocation's deadline (the Lambda's remaining time): no work starts that could not be reported. */
  readonly deadline?: DeadlineGuard;
  /** The conversion budgets (default `WORK_LIMITS`); tests pass smaller ones. */
  readonly workLimits?: WorkLimits;
}

/**
 * Routes, parses, extracts and uploads one message, and says what happened in a report.
 * Never throws for bad input: a broken message yields a report with the reason. Storage and
 * ledger failures do throw (classified), so the queue retries them; so does a message that
 * another delivery is processing right now (`MessageBusyError`).
 */
export async function processMessage(message: IncomingMessage, deps: ProcessingDeps): Promise<MessageReport> {
  const routing = deps.router.route(message.recipients);
  const base = baseReport(message, routing, deps);
  deps.log.info('message routed', {
    messageId: message.messageId,
    attempt: message.attempt,
    mailboxes: routing.mailboxes.map((mailbox) => mailbox.address),
    unrouted: routing.routes.filter((route) => route.mailbox === undefined).length,
  });
  if (routing.mailboxes.length === 0) return { ...base, outcome: 'unroutable' };

  const leaseMs = deps.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS;
  const turns: MailboxTurn[] =
    deps.dryRun === true
      ? routing.mailboxes.map((mailbox) => ({ mailbox }))
      : await claimMailboxes(deps.ledger, message.messageId, routing.mailboxes, {
          leaseMs,
          force: deps.replay === true,
        });
  const finished = new Set<string>();
  try {
    return await deliverMessage(message, deps, base, turns, { leaseMs, finished });
  } finally {
    await releaseUnfinished(deps.ledger, message.messageId, turns, finished, deps.log);
  }
}

async function deliverMessage(
  message: IncomingMessage,
  deps: ProcessingDeps,
  base: Omit<MessageReport, 'outcome'>,
  turns: readonly MailboxTurn[],
  run: { readonly leaseMs: number; readonly finished: Set<string> },
): Promise<MessageReport> {
  let parsed: ParsedMail;
  let documents: DocumentCandidate[];
  let policies: MailboxPolicies;
  // Forwarded messages and signed content found inside: their bodies may be the document.
  const found: FoundMessage[] = [];
  try {
    parsed = await parseMessage(await message.open());
    // The sender and verdict policy, per mailbox (functions/policy/): held mail uploads nothing.
    policies = decideMailboxes(
      turns.map((turn) => turn.mailbox),
      message,
      parsed,
      deps,
    );
    // Extracted once for every mailbox: the XML replaces its PDF only if all of them want that.
    const preferInvoiceXml = turns.every((turn) => turn.mailbox.preferInvoiceXml !== false);
    // Held mail is not converted until an admin releases it: a stranger's mail costs no work.
    const workBudget = new WorkBudget(deps.workLimits, undefined, deps.deadline);
    documents = policies.readsDocuments
      ? await extractDocuments(parsed, {
          preferInvoiceXml,
          workBudget,
          onMessage: (each) => found.push(each),
        })
      : [];
  } catch (error) {
    if (errorKindOf(error) !== 'permanent') throw error;
    deps.log.warn('message could not be read', { messageId: message.messageId, error: describeError(error) });
    return { ...base, outcome: 'failed', error: describeError(error) };
  }

  const from = parsed.from?.value[0]?.address;
  const subject = parsed.subject;
  const comment = buildProvenanceComment({ from, subject, messageId: message.messageId });
  // Nothing to upload: the body may be the invoice (functions/render/). Throws a render failure to retry.
  const body = await considerMessageBody(
    {
      parsed,
      documents,
      found,
      mailboxes: turns
        .filter((turn) => turn.claim?.kind !== 'done' && turn.claim?.kind !== 'busy')
        .map((turn) => turn.mailbox)
        .filter((mailbox) => policies.accepts(mailbox)),
      messageId: message.messageId,
      receivedAt: message.receivedAt === undefined ? deps.now() : new Date(message.receivedAt),
      finalAttempt: deps.dryRun === true || message.attempt >= MAX_RENDER_ATTEMPTS,
    },
    deps,
  );
  // Each document's invoice identity (functions/identity/), read once for every mailbox.
  const readings: ReadonlyMap<string, DocumentReading> = await readDocumentIdentities(body.documents);
  const receivedAt = message.receivedAt ?? deps.now().toISOString();
  const deliveries: DeliveryReport[] = [];
  for (const { mailbox, claim } of turns) {
    const documents = policies.accepts(mailbox) ? body.documentsFor(mailbox) : [];
    const policy = policies.deliveryFields(mailbox);
    const target = {
      mailbox,
      documents,
      comment,
      messageId: message.messageId,
      leaseMs: run.leaseMs,
      identities: identitiesFor(readings, mailbox),
      receivedAt,
      released: deps.release !== undefined,
    };
    if (claim === undefined) {
      deliveries.push({ ...(await deliverDocuments({ ...target, dryRun: true }, deps)), ...policy });
    } else if (claim.kind === 'done') deliveries.push({ ...claim.delivery, fromEarlierAttempt: true });
    else if (claim.kind === 'busy') deliveries.push(busyDelivery(mailbox, documents));
    else {
      const delivered = await deliverDocuments(target, deps);
      // A held repeat quarantines the delivery: that decision outranks the policy's notes.
      const delivery = { ...delivered, attempts: claim.attempts, ...policy, ...pick(delivered, 'policy') };
      const ref = { messageId: message.messageId, mailbox: mailbox.address };
      await deps.ledger.finishMailbox(ref, claim.token, delivery, isSettled(delivery));
      run.finished.add(mailbox.address);
      deliveries.push(delivery);
    }
  }
  const outcome = outcomeOf(body.documents, deliveries);
  const report: MessageReport = {
    ...base,
    ...(from === undefined ? {} : { from: reportedText(from) }),
    ...(subject === undefined ? {} : { subject: reportedText(subject, MAX_REPORTED_SUBJECT_BYTES) }),
    ...policies.reportFields,
    ...releasedRepeat(deps, deliveries),
    documents: body.documents.map((document) => ({
      ...describeDocument(document),
      ...reportIdentity(
        readings.get(document.sha256),
        document,
        turns.map((turn) => turn.mailbox),
      ),
    })),
    deliveries,
    // A body that should have become a PDF and did not is a failure, not "nothing to upload".
    outcome: body.failure !== undefined && outcome === 'no-documents' ? 'failed' : outcome,
    ...(body.failure === undefined ? {} : { error: body.failure }),
  };
  deps.log.info('message processed', {
    messageId: message.messageId,
    outcome: report.outcome,
    documents: body.documents.length,
    uploaded: countUploads(deliveries, 'uploaded'),
    duplicates: countUploads(deliveries, 'duplicate'),
    failed: countUploads(deliveries, 'failed'),
  });
  return report;
}

/** An admin's release of a held repeat is recorded like the policy's: the message may be released again. */
function releasedRepeat(
  deps: ProcessingDeps,
  deliveries: readonly DeliveryReport[],
): Pick<MessageReport, 'released'> {
  const repeats = deliveries
    .flatMap((delivery) => delivery.uploads)
    .some((upload) => upload.repeatOf !== undefined);
  return deps.release !== undefined && repeats ? { released: deps.release } : {};
}

/** The field, when present, as a spreadable object. */
function pick<T extends object, K extends keyof T>(value: T, key: K): Partial<Pick<T, K>> {
  return value[key] === undefined ? {} : ({ [key]: value[key] } as Partial<Pick<T, K>>);
}

function baseReport(
  message: IncomingMessage,
  routing: RoutingResult,
  deps: ProcessingDeps,
): Omit<MessageReport, 'outcome'> {
  return {
    version: REPORT_VERSION,
    messageId: message.messageId,
    ...(message.receivedAt === undefined ? {} : { receivedAt: message.receivedAt }),
    processedAt: deps.now().toISOString(),
    attempt: message.attempt,
    ...(deps.replay === true ? { replay: true } : {}),
    ...(message.rawMessage === undefined ? {} : { rawMessage: message.rawMessage }),
    envelopeSender: message.envelopeSender,
    verdicts: message.verdicts,
    recipients: routing.routes.map(describeRoute),
    documents: [],
    deliveries: [],
  };
}
