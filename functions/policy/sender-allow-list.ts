import type { HeaderSender } from './header-sender';
import type { PolicyFinding } from './policy-finding';

/** What happens to mail from a sender the mailbox does not list. */
export type UnlistedSenderAction = 'quarantine' | 'reject';

/**
 * The pattern an address matches: an exact address, or `*@domain` for every address of that
 * domain (not its subdomains). Both sides compare in lower case.
 */
export function matchAllowedSender(address: string, patterns: readonly string[]): string | undefined {
  const wanted = address.trim().toLowerCase();
  const domain = wanted.slice(wanted.lastIndexOf('@') + 1);
  return patterns.find((pattern) => {
    const normalised = pattern.trim().toLowerCase();
    return normalised === wanted || normalised === `*@${domain}`;
  });
}

/** A mailbox's sender rule: who may send, and what happens to the others. */
export interface SenderRule {
  /** Allowed patterns; absent means anyone may send. */
  readonly allowedSenders?: readonly string[];
  readonly unlistedSender: UnlistedSenderAction;
}

/**
 * Judges the header `From:` against the mailbox's allowed senders. A match counts only when
 * DMARC passed, because only then did the `From:` domain vouch for the message: without it,
 * anyone can write an allowed address into `From:`.
 */
export function judgeSender(
  rule: SenderRule,
  sender: HeaderSender,
  dmarc: string | undefined,
): PolicyFinding[] {
  if (rule.allowedSenders === undefined) return [];
  const action = rule.unlistedSender;
  if (sender.address === undefined) {
    return [{ action, reason: `this mailbox takes mail from allowed senders only, and ${sender.problem}` }];
  }
  const match = matchAllowedSender(sender.address, rule.allowedSenders);
  if (match === undefined) {
    return [{ action, reason: `${sender.address} is not one of this mailbox's allowed senders` }];
  }
  if (dmarc !== 'PASS') {
    return [
      {
        action,
        reason:
          `${sender.address} is an allowed sender (${match}), but DMARC did not pass ` +
          `(${dmarc ?? 'no verdict'}), so the From: address may be forged`,
      },
    ];
  }
  return [{ action: 'accept', reason: `${sender.address} is an allowed sender (${match}) and DMARC passed` }];
}
