import type { ParsedMail } from 'mailparser';
import type { PolicyDecision, Release } from '../policy/apply-policy';
import { decideStrictest } from '../policy/decide-strictest';
import { messageFacts } from '../policy/message-facts';
import type { MessageReport, PolicyReport } from '../reports/message-report';
import type { Mailbox } from '../routing/mailbox';
import type { MailboxRouter } from '../routing/route-recipients';
import type { EventLog } from '../shared/event-log';
import type { IncomingMessage } from './incoming-message';

/** The policy's decision for every mailbox of one message, and what the report says about it. */
export interface MailboxPolicies {
  /** Whether documents go to this mailbox. */
  accepts(mailbox: Mailbox): boolean;
  /** Whether the documents are worth extracting (and converting): some mailbox takes them now. */
  readonly readsDocuments: boolean;
  /** The delivery report's `policy`, when there is something to say. */
  deliveryFields(mailbox: Mailbox): { policy?: PolicyReport };
  /** The message report's fields about automatic mail and a release. */
  readonly reportFields: Pick<MessageReport, 'automatic' | 'released'>;
}

/** What deciding needs from the processing ports. */
export interface PolicyPorts {
  readonly router: MailboxRouter;
  readonly log: EventLog;
  /** An admin's release (`npm run release`): a releasable quarantine is accepted this time. */
  readonly release?: Release;
}

/** Applies the sender and verdict policy (functions/policy/) to each mailbox, and logs what it held. */
export function decideMailboxes(
  mailboxes: readonly Mailbox[],
  message: IncomingMessage,
  parsed: ParsedMail,
  ports: PolicyPorts,
): MailboxPolicies {
  const facts = messageFacts(parsed, {
    verdicts: message.verdicts,
    envelopeSender: message.envelopeSender,
    ownDomain: ports.router.domain,
    isOwnMailbox: (address) => ports.router.routeOne(address).mailbox !== undefined,
  });
  const decisions = new Map<string, PolicyDecision>();
  for (const mailbox of mailboxes) {
    const decision = decideStrictest(mailbox, facts, ports.release);
    decisions.set(mailbox.address, decision);
    if (decision.action !== 'accept') {
      ports.log.info(`message ${decision.action === 'reject' ? 'rejected' : 'quarantined'} by policy`, {
        messageId: message.messageId,
        mailbox: mailbox.address,
        reason: decision.reason,
      });
    }
  }
  const decisionFor = (mailbox: Mailbox): PolicyDecision | undefined => decisions.get(mailbox.address);
  const released = [...decisions.values()].some(
    (decision) => decision.action === 'accept' && decision.released !== undefined,
  );
  return {
    accepts: (mailbox) => decisionFor(mailbox)?.action === 'accept',
    // A release processes the message again, so quarantined mail is read then, not now.
    readsDocuments: [...decisions.values()].some((decision) => decision.action === 'accept'),
    deliveryFields: (mailbox) => {
      const decision = decisionFor(mailbox);
      return decision === undefined ? {} : policyReport(decision);
    },
    reportFields: {
      ...(facts.automatic === undefined
        ? {}
        : { automatic: { kind: facts.automatic.kind, reason: facts.automatic.reason } }),
      ...(released && ports.release !== undefined ? { released: ports.release } : {}),
    },
  };
}

/** The report's view of a decision: nothing for a plain acceptance. */
function policyReport(decision: PolicyDecision): { policy?: PolicyReport } {
  if (decision.action !== 'accept') {
    return {
      policy: {
        action: decision.action,
        reason: decision.reason,
        ...(decision.releasable || decision.action === 'reject' ? {} : { releasable: false as const }),
      },
    };
  }
  if (decision.notes.length === 0 && decision.released === undefined) return {};
  return {
    policy: {
      action: 'accept',
      ...(decision.notes.length === 0 ? {} : { reason: decision.notes.join('; ') }),
      ...(decision.released === undefined ? {} : { released: decision.released }),
    },
  };
}
