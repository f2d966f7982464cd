import { type Mailbox, policiesOf } from '../routing/mailbox';
import { decideForMailbox, type MessageFacts, type PolicyDecision, type Release } from './apply-policy';

/** Reject outranks quarantine outranks accept. */
const SEVERITY: Readonly<Record<PolicyDecision['action'], number>> = { accept: 0, quarantine: 1, reject: 2 };

/**
 * Decides for a mailbox under every policy that binds it (see `Mailbox.policies`): each decides on
 * its own and the strictest decision wins, with the reasons of every policy that held the message.
 * Reasons name the address whose policy spoke when it is not the mailbox's own.
 */
export function decideStrictest(mailbox: Mailbox, facts: MessageFacts, release?: Release): PolicyDecision {
  const policies = policiesOf(mailbox);
  const decisions = policies.map((policy) => {
    const decision = decideForMailbox(policy, facts, release);
    return policy.address === mailbox.address ? decision : labelled(decision, policy.address);
  });
  const action = decisions.reduce<PolicyDecision['action']>(
    (strictest, decision) => (SEVERITY[decision.action] > SEVERITY[strictest] ? decision.action : strictest),
    'accept',
  );
  if (action === 'accept') {
    const accepted = decisions.filter((decision) => decision.action === 'accept');
    const released = accepted.find((decision) => decision.released !== undefined)?.released;
    return {
      action,
      notes: [...new Set(accepted.flatMap((decision) => decision.notes))],
      ...(released === undefined ? {} : { released }),
    };
  }
  const held = decisions.filter((decision) => decision.action === action);
  return {
    action,
    reason: [...new Set(held.map((decision) => (decision.action === 'accept' ? '' : decision.reason)))].join(
      '; ',
    ),
    releasable: held.every((decision) => decision.action === 'accept' || decision.releasable),
  };
}

function labelled(decision: PolicyDecision, address: string): PolicyDecision {
  const whose = ` (the policy of ${address})`;
  return decision.action === 'accept'
    ? { ...decision, notes: decision.notes.map((note) => `${note}${whose}`) }
    : { ...decision, reason: `${decision.reason}${whose}` };
}
