import type { AutomaticMail } from './automatic-mail';
import type { HeaderSender } from './header-sender';
import { judgeVerdicts } from './judge-verdicts';
import type { PolicyFinding } from './policy-finding';
import { judgeSender, type UnlistedSenderAction } from './sender-allow-list';
import { DEFAULT_VERDICT_RULES, type PolicyAction, type VerdictRules } from './verdict-policy';

/** What the policy needs to know about a message; the same for every mailbox. */
export interface MessageFacts {
  /** SES's verdicts by name (`spam`, `virus`, `spf`, `dkim`, `dmarc`). */
  readonly verdicts: Readonly<Record<string, string>>;
  readonly sender: HeaderSender;
  readonly automatic?: AutomaticMail;
}

/** A mailbox's policy settings; absent ones take the defaults. */
export interface MailboxPolicy {
  readonly allowedSenders?: readonly string[];
  readonly verdicts?: VerdictRules;
  readonly unlistedSender?: UnlistedSenderAction;
}

/** An admin's release of a quarantined message (`npm run release`). */
export interface Release {
  /** When (ISO 8601). */
  readonly at: string;
  /** Who, when known. */
  readonly by?: string;
}

/** What happens to the message for one mailbox, and why. */
export type PolicyDecision =
  | {
      readonly action: 'accept';
      /** Verdicts that did not pass but were accepted, and the like. */
      readonly notes: readonly string[];
      /** Set when an admin released it from quarantine. */
      readonly released?: Release;
    }
  | {
      readonly action: 'quarantine' | 'reject';
      readonly reason: string;
      /** False when not even an admin may release it (a virus). */
      readonly releasable: boolean;
    };

const SEVERITY: Readonly<Record<PolicyAction, number>> = { accept: 0, quarantine: 1, reject: 2 };

/**
 * Decides for one mailbox: automatic mail that is never a document is rejected; otherwise every
 * verdict rule and the sender rule have their say and the strictest wins, with all their reasons.
 * A release turns a releasable quarantine into an acceptance; it never frees a virus.
 */
export function decideForMailbox(
  mailbox: MailboxPolicy,
  facts: MessageFacts,
  release?: Release,
): PolicyDecision {
  if (facts.automatic?.drop === true) {
    return {
      action: 'reject',
      reason: `${facts.automatic.reason}; never uploaded, never answered`,
      releasable: false,
    };
  }
  const findings: PolicyFinding[] = [
    ...judgeVerdicts(facts.verdicts, mailbox.verdicts ?? DEFAULT_VERDICT_RULES),
    ...judgeSender(
      {
        ...(mailbox.allowedSenders === undefined ? {} : { allowedSenders: mailbox.allowedSenders }),
        unlistedSender: mailbox.unlistedSender ?? 'quarantine',
      },
      facts.sender,
      facts.verdicts.dmarc?.toUpperCase(),
    ),
  ];
  const action = findings.reduce<PolicyAction>(
    (strictest, finding) => (SEVERITY[finding.action] > SEVERITY[strictest] ? finding.action : strictest),
    'accept',
  );
  if (action === 'accept') return { action, notes: findings.map((finding) => finding.reason) };
  const held = findings.filter((finding) => finding.action !== 'accept');
  const reason = held.map((finding) => finding.reason).join('; ');
  const releasable = held.every((finding) => finding.releasable !== false);
  if (action === 'quarantine' && releasable && release !== undefined) {
    const by = release.by === undefined ? '' : ` by ${release.by}`;
    return {
      action: 'accept',
      notes: [`released from quarantine${by} (held because ${reason})`],
      released: release,
    };
  }
  return { action, reason, releasable };
}
