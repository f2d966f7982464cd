import type {
  ArchiveTarget,
  BodyToPdfPolicy,
  InvoiceRepeatPolicy,
  InvoiceType,
} from '../config/config-schema';
import type { FeedbackMode, ReplyLanguage } from '../feedback/feedback-settings';
import type { MailboxPolicy } from '../policy/apply-policy';
import type { UnlistedSenderAction } from '../policy/sender-allow-list';
import type { VerdictRules } from '../policy/verdict-policy';

/** A mailbox as the pipeline uses it: config entry or convention address, defaults applied. */
export interface Mailbox {
  /** The canonical address, lower case, without `+tag`: `acme@invoices.example.com`. */
  readonly address: string;
  /** Ten-digit Belgian company number of the Clearfacts administration. */
  readonly companyNumber: string;
  /** The Clearfacts tray documents go to (unused when `archive` is set). */
  readonly invoiceType: InvoiceType;
  /** Upload to this archive category with `uploadArchiveFile` instead of the inbox tray. */
  readonly archive?: ArchiveTarget;
  /** A label for logs and reports. */
  readonly name?: string;
  /** Allowed header `From:` patterns; `undefined` means anyone may send. */
  readonly allowedSenders?: readonly string[];
  /** Upload only the invoice XML when the same invoice also came as a PDF; absent means yes. */
  readonly preferInvoiceXml?: boolean;
  /** Render the body of a message without documents to a PDF (`functions/render/`); absent means `auto`. */
  readonly bodyToPdf?: BodyToPdfPolicy;
  /** What each SES verdict leads to, defaults filled in; absent means the defaults. */
  readonly verdicts?: VerdictRules;
  /** Mail from a sender not on `allowedSenders`; absent means `quarantine`. */
  readonly unlistedSender?: UnlistedSenderAction;
  /** When the sender hears back (functions/feedback/); absent means `problems`. */
  readonly feedback?: FeedbackMode;
  /** The language of those replies; absent means English. */
  readonly language?: ReplyLanguage;
  /** The same invoice again in other bytes (functions/identity/); absent means `flag`. */
  readonly invoiceRepeats?: InvoiceRepeatPolicy;
  /** Whether the address was listed in the config or follows the tray convention. */
  readonly source: 'listed' | 'convention';
  /**
   * The sender and verdict policies that decide instead of the fields above, every one of them
   * having to accept: the company's listed mailboxes for a convention address, or every route of
   * one message to the same company and tray. Absent: the mailbox's own policy.
   */
  readonly policies?: readonly BoundPolicy[];
}

/** A mailbox's sender and verdict policy, with the address it was configured for. */
export interface BoundPolicy extends MailboxPolicy {
  /** The address whose policy this is, for the reasons in reports. */
  readonly address: string;
}

/** The policies that decide for a mailbox: its bound ones, else its own. */
export function policiesOf(mailbox: Mailbox): readonly BoundPolicy[] {
  return mailbox.policies ?? [ownPolicy(mailbox)];
}

/** A mailbox's own sender and verdict settings as a policy. */
export function ownPolicy(mailbox: Mailbox): BoundPolicy {
  return {
    address: mailbox.address,
    ...(mailbox.allowedSenders === undefined ? {} : { allowedSenders: mailbox.allowedSenders }),
    ...(mailbox.verdicts === undefined ? {} : { verdicts: mailbox.verdicts }),
    ...(mailbox.unlistedSender === undefined ? {} : { unlistedSender: mailbox.unlistedSender }),
  };
}

/** What reports show as the tray of an archive delivery (its `archive` says which one). */
export const ARCHIVE_TRAY = 'ARCHIVE';

/**
 * Where in the administration documents land, as one key: the inbox tray (`PURCHASE`, `SALE`,
 * `VARIOUS`), or `ARCHIVE#<type>#<category>` (the category's name in lower case, as names are
 * matched). The ledger keys documents and invoices by it, so the same PDF sent to `purchase-` and
 * `archive-` goes to both.
 */
export function trayOf(mailbox: Pick<Mailbox, 'invoiceType' | 'archive'>): string {
  const { archive } = mailbox;
  if (archive === undefined) return mailbox.invoiceType;
  return `${ARCHIVE_TRAY}#${archive.type}#${archive.category.toLowerCase()}`;
}

/** The tray and archive target as reports show them: `ARCHIVE` with `archive`, else the invoice type. */
export function reportedTray(mailbox: Mailbox): { invoiceType: string; archive?: ArchiveTarget } {
  if (mailbox.archive === undefined) return { invoiceType: mailbox.invoiceType };
  return { invoiceType: ARCHIVE_TRAY, archive: mailbox.archive };
}

/** Two routes to the same administration and tray are one delivery. */
export function deliveryKey(mailbox: Mailbox): string {
  return `${mailbox.companyNumber}:${trayOf(mailbox)}`;
}
