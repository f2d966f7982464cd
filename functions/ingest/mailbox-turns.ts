import type { DocumentCandidate } from '../documents/document';
import type { DeliveryLedger, MailboxClaim } from '../ledger/delivery-ledger';
import type { DeliveryReport } from '../reports/message-report';
import type { Mailbox } from '../routing/mailbox';
import { describeError, IngestError } from '../shared/errors';
import type { EventLog } from '../shared/event-log';
import { deliveryOf } from './deliver-documents';

/** One routed mailbox and what the ledger said about processing it now (nothing on a dry run). */
export interface MailboxTurn {
  readonly mailbox: Mailbox;
  readonly claim?: MailboxClaim;
}

/** Another delivery of the same message holds the mailboxes left to do: this one comes back later. */
export class MessageBusyError extends IngestError {
  constructor(messageId: string) {
    super(`Another delivery of message ${messageId} is processing it; it comes back later`, 'retryable');
    this.name = 'MessageBusyError';
  }
}

/**
 * Claims every mailbox before any work, so a concurrent duplicate of the message finds them all
 * busy at once and does not even read the mail. When nothing is left for this delivery to start
 * and another one is still at work, it steps back (and does not overwrite that one's report).
 */
export async function claimMailboxes(
  ledger: DeliveryLedger,
  messageId: string,
  mailboxes: readonly Mailbox[],
  options: { readonly leaseMs: number; readonly force: boolean },
): Promise<MailboxTurn[]> {
  const turns: MailboxTurn[] = [];
  for (const mailbox of mailboxes) {
    const claim = await ledger.claimMailbox({ messageId, mailbox: mailbox.address, ...options });
    turns.push({ mailbox, claim });
  }
  const kinds = turns.map((turn) => turn.claim?.kind);
  if (!kinds.includes('started') && kinds.includes('busy')) throw new MessageBusyError(messageId);
  return turns;
}

/** What the report shows for a mailbox another delivery of the message is processing right now. */
export function busyDelivery(mailbox: Mailbox, documents: readonly DocumentCandidate[]): DeliveryReport {
  const note = 'another delivery of this message is processing this mailbox';
  return deliveryOf(
    mailbox,
    documents
      .filter((document) => document.decision.action === 'upload')
      .map((document) => ({
        filename: document.filename,
        sha256: document.sha256,
        status: 'in-progress',
        note,
      })),
  );
}

/**
 * Releases the claims this attempt started but did not finish (it failed half-way), so the next
 * attempt need not wait for the lease. A release that fails is logged: the lease still ends it.
 */
export async function releaseUnfinished(
  ledger: DeliveryLedger,
  messageId: string,
  turns: readonly MailboxTurn[],
  finished: ReadonlySet<string>,
  log: EventLog,
): Promise<void> {
  for (const { mailbox, claim } of turns) {
    if (claim?.kind !== 'started' || finished.has(mailbox.address)) continue;
    try {
      await ledger.finishMailbox({ messageId, mailbox: mailbox.address }, claim.token, undefined, false);
    } catch (error) {
      log.warn('mailbox claim not released', {
        messageId,
        mailbox: mailbox.address,
        error: describeError(error),
      });
    }
  }
}
