import type { MessageFacts } from '../policy/apply-policy';
import { judgeVerdicts } from '../policy/judge-verdicts';
import { judgeSender } from '../policy/sender-allow-list';
import { DEFAULT_VERDICT_RULES } from '../policy/verdict-policy';
import type { MessageReport } from '../reports/message-report';
import { type Mailbox, policiesOf } from '../routing/mailbox';

/**
 * Whether every mailbox that held or refused the message did so only because the sender is not on
 * its allowed list: that much a sender may be told. A hold on SES's verdicts (spam, virus,
 * authentication) is never explained to the sender: it may be forged, and it is the spammer who
 * would learn from it. Judged again with the policy's own rules, not by reading its reasons.
 */
export function heldOnlyForSender(
  report: MessageReport,
  facts: MessageFacts,
  mailboxOf: (address: string) => Mailbox | undefined,
): boolean {
  const held = report.deliveries.filter(
    (delivery) => delivery.policy !== undefined && delivery.policy.action !== 'accept',
  );
  return (
    held.length > 0 &&
    held.every((delivery) => {
      const mailbox = mailboxOf(delivery.mailbox);
      if (mailbox === undefined || delivery.policy?.releasable === false) return false;
      const policies = policiesOf(mailbox);
      const verdictHolds = policies.flatMap((policy) =>
        judgeVerdicts(facts.verdicts, policy.verdicts ?? DEFAULT_VERDICT_RULES),
      );
      const senderHolds = policies.flatMap((policy) =>
        judgeSender(
          {
            ...(policy.allowedSenders === undefined ? {} : { allowedSenders: policy.allowedSenders }),
            unlistedSender: policy.unlistedSender ?? 'quarantine',
          },
          facts.sender,
          facts.verdicts.dmarc?.toUpperCase(),
        ),
      );
      return (
        verdictHolds.every((finding) => finding.action === 'accept') &&
        senderHolds.some((finding) => finding.action !== 'accept')
      );
    })
  );
}

/**
 * Whether the message is held only because its invoices repeat ones the tray received before
 * (`invoiceRepeats: hold`): the held deliveries hold documents, not the message, and neither SES's
 * verdicts nor the sender lists object. The accounting office decides; the sender hears on release.
 */
export function heldAsRepeat(report: MessageReport): boolean {
  const held = report.deliveries.filter(
    (delivery) => delivery.policy !== undefined && delivery.policy.action !== 'accept',
  );
  return (
    held.length > 0 &&
    held.every(
      (delivery) =>
        delivery.policy?.releasable !== false && delivery.uploads.some((upload) => upload.status === 'held'),
    )
  );
}
