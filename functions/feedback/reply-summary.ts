import type { MessageReport } from '../reports/message-report';
import { PROBLEM_FATES, type ReplyDocument, replyDocuments } from './document-fate';

/** What the reply tells the sender, in one word. */
export type ReplySituation =
  /** Every document was delivered (or had been before). */
  | 'delivered'
  /** Some documents were delivered, others not. */
  | 'partly-delivered'
  /** Nothing was delivered, and the listed documents say why. */
  | 'not-delivered'
  /** Nothing in the message was a document Clearfacts takes. */
  | 'no-documents'
  /** The message went to an address that is no mailbox. */
  | 'unknown-address'
  /** The mailbox takes approved senders only: held for the accounting office to review. */
  | 'held'
  /** The mailbox takes approved senders only, and refuses the others outright. */
  | 'sender-refused';

/** The facts a reply is written from. */
export interface ReplySummary {
  readonly situation: ReplySituation;
  /** The documents the sender should hear about (none for the address and sender situations). */
  readonly documents: readonly ReplyDocument[];
  /** For `unknown-address`: the address written to. */
  readonly address?: string;
}

/** Sums up a final report for the sender. */
export function summariseReply(report: MessageReport): ReplySummary {
  if (report.outcome === 'unroutable') {
    const address = report.recipients[0]?.recipient;
    return { situation: 'unknown-address', documents: [], ...(address === undefined ? {} : { address }) };
  }
  if (report.outcome === 'quarantined') return { situation: 'held', documents: [] };
  if (report.outcome === 'rejected') return { situation: 'sender-refused', documents: [] };
  const documents = replyDocuments(report);
  const delivered = documents.some((document) => !PROBLEM_FATES.has(document.fate));
  const problems =
    report.outcome === 'failed' || documents.some((document) => PROBLEM_FATES.has(document.fate));
  if (problems) return { situation: delivered ? 'partly-delivered' : 'not-delivered', documents };
  return { situation: delivered ? 'delivered' : 'no-documents', documents };
}

/** Whether the summary reports something that went wrong (what `problems` mailboxes answer). */
export function isProblem(summary: ReplySummary): boolean {
  return summary.situation !== 'delivered';
}
