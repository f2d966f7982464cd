import type { ParsedMail } from 'mailparser';
import type { MessageFacts } from './apply-policy';
import { type AutomaticMailContext, classifyAutomaticMail } from './automatic-mail';
import { headerSender } from './header-sender';

/** What the policy reads besides the parsed message. */
export interface FactsContext extends AutomaticMailContext {
  /** SES's verdicts by name, as the notification (or the report of a replayed message) gave them. */
  readonly verdicts: Readonly<Record<string, string>>;
}

/** Gathers what the policy judges a message by: SES's verdicts, the header sender, automatic mail. */
export function messageFacts(
  parsed: Pick<ParsedMail, 'headerLines' | 'from'>,
  context: FactsContext,
): MessageFacts {
  const automatic = classifyAutomaticMail(parsed, context);
  return {
    verdicts: context.verdicts,
    sender: headerSender(parsed),
    ...(automatic === undefined ? {} : { automatic }),
  };
}
