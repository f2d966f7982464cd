import type { MessageFacts } from '../policy/apply-policy';
import type { MessageOutcome } from '../reports/message-report';
import { type FeedbackMode, isOnDomain } from './feedback-settings';
import { isProblem, type ReplySummary } from './reply-summary';

/** Everything the reply policy judges by. */
export interface ReplyPolicyInput {
  readonly outcome: MessageOutcome;
  /** The setting of the mailbox answering (the config's default for mail that reached none). */
  readonly mode: FeedbackMode;
  /** The header sender, SES's verdicts and automatic mail, as the sender policy saw them. */
  readonly facts: MessageFacts;
  /** MAIL FROM; empty for a null return path. */
  readonly envelopeSender: string;
  readonly recipients: readonly string[];
  readonly ownDomain: string;
  readonly replyFrom: string;
  readonly summary: ReplySummary;
  /** For a held or refused message: whether only a mailbox's allowed-senders list held it. */
  readonly heldOnlyForSender: boolean;
  /** For a held message: whether it is held only as a repeat of an earlier invoice (`invoiceRepeats: hold`). */
  readonly heldAsRepeat?: boolean;
  /** Whether mail that reached no mailbox is answered (`replies.answerUnroutable`). */
  readonly answerUnroutable?: boolean;
}

/** Whether to answer, to whom, and otherwise why not (for the report). */
export type ReplyDecision =
  | { readonly reply: true; readonly to: string }
  | { readonly reply: false; readonly reason: string };

/**
 * Answers only a person, at an address that vouched for the message, about a final outcome.
 * RFC 3834 forbids answering automatic mail (bounces, auto-replies, lists, `Auto-Submitted`), and
 * answering an unauthenticated sender, spam or a virus would be backscatter: mail to whoever's
 * address a forger wrote into `From:`. The first rule that says no gives the reason.
 */
export function decideReply(input: ReplyPolicyInput): ReplyDecision {
  const { facts, summary } = input;
  if (input.mode === 'off') return no('replies are off for this mailbox (feedback: off)');
  if (input.outcome === 'retrying' || input.outcome === 'planned') {
    return no(`the outcome (${input.outcome}) is not final`);
  }
  if (input.recipients.some((recipient) => recipient.trim().toLowerCase() === input.replyFrom)) {
    return no(`the message was sent to the reply address ${input.replyFrom}; answering it could loop`);
  }
  // Whoever guesses addresses provokes nothing: only the admin can turn this on.
  if (input.outcome === 'unroutable' && input.answerUnroutable !== true) {
    return no(
      'the message reached no mailbox, and unroutable mail is not answered (replies.answerUnroutable)',
    );
  }
  if (facts.automatic !== undefined) {
    return no(`${facts.automatic.reason}; automatic mail is never answered (RFC 3834)`);
  }
  if (/^<?\s*>?$/.test(input.envelopeSender.trim())) {
    return no('the message has an empty return path, like bounces and automatic replies');
  }
  if (facts.sender.address === undefined)
    return no(`no single From: address to answer: ${facts.sender.problem}`);
  const ours = [facts.sender.address, input.envelopeSender].find((address) =>
    isOnDomain(address.trim().toLowerCase(), input.ownDomain),
  );
  if (ours !== undefined) return no(`the sender ${ours} is on our own domain ${input.ownDomain}`);
  const verdict = (name: string): string | undefined => facts.verdicts[name]?.toUpperCase();
  if (verdict('virus') === 'FAIL') return no('SES found a virus; its sender is never answered');
  if (verdict('spam') === 'FAIL')
    return no('SES judged the message to be spam; answering it would be backscatter');
  if (verdict('dmarc') !== 'PASS') {
    return no(
      `the sender is not authenticated (DMARC ${verdict('dmarc') ?? 'no verdict'}): the From: address ` +
        'may be forged, and answering it would be backscatter',
    );
  }
  if ((input.outcome === 'quarantined' || input.outcome === 'rejected') && !input.heldOnlyForSender) {
    if (input.heldAsRepeat === true) {
      return no(
        'the invoice is held as a possible repeat of one the administration received before ' +
          '(invoiceRepeats: hold); the sender hears when the accounting office releases it',
      );
    }
    return no(
      'the message was held or refused by the policy (SES verdicts or the address it came to), ' +
        'which is not explained to senders',
    );
  }
  if (input.mode === 'problems' && !isProblem(summary)) {
    return no('everything was delivered, and this mailbox answers problems only (feedback: problems)');
  }
  return { reply: true, to: facts.sender.address };
}

function no(reason: string): ReplyDecision {
  return { reply: false, reason };
}
