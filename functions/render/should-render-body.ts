import type { BodyToPdfPolicy } from '../config/config-schema';
import { findAmount, findInvoiceWord, findOrderWord } from './body-invoice-words';

/** What a body is judged on: its subject and its readable text (HTML already turned into text). */
export interface BodyFacts {
  readonly subject: string;
  readonly text: string;
}

/** Whether to render a message body to a PDF, and why, in words a client understands. */
export interface BodyVerdict {
  readonly render: boolean;
  readonly reason: string;
}

/** The reason given when `auto` finds nothing; reports and tests look for its opening words. */
export const NO_INVOICE_FOUND =
  'no invoice found in the message body (bodyToPdf: auto): no invoice or receipt word with an amount';

/**
 * Applies a mailbox's body-to-PDF policy. `auto` renders a body that shows an amount with a
 * currency and names an invoice or receipt (in the subject or the body) or, in the subject, an
 * order or payment. Both are needed: a newsletter full of prices names no invoice, and a question
 * about an invoice, or a mail that only links to one, shows no amount. The words live in
 * `body-invoice-words.ts`.
 */
export function shouldRenderBody(policy: BodyToPdfPolicy, facts: BodyFacts): BodyVerdict {
  if (policy === 'never') {
    return { render: false, reason: 'the mailbox does not turn message bodies into PDFs (bodyToPdf: never)' };
  }
  if (policy === 'always') return { render: true, reason: 'the mailbox turns every message body into a PDF' };

  const amount = findAmount(facts.text) ?? findAmount(facts.subject);
  if (amount === undefined) return { render: false, reason: NO_INVOICE_FOUND };
  const subjectWord = findInvoiceWord(facts.subject) ?? findOrderWord(facts.subject);
  if (subjectWord !== undefined) {
    return {
      render: true,
      reason: `the subject mentions "${subjectWord}" and the message an amount (${amount})`,
    };
  }
  const bodyWord = findInvoiceWord(facts.text);
  if (bodyWord !== undefined) {
    return { render: true, reason: `the body mentions "${bodyWord}" and an amount (${amount})` };
  }
  return { render: false, reason: NO_INVOICE_FOUND };
}
