import { normaliseCompanyNumber } from '../config/company-number';
import type { StoredReport } from '../reports/recent-reports';

/** What happened to a message, in the words `status` uses. */
export const STATUS_OUTCOMES = ['uploaded', 'skipped', 'quarantined', 'failed', 'retrying'] as const;
/** One of `STATUS_OUTCOMES`. */
export type StatusOutcome = (typeof STATUS_OUTCOMES)[number];

/** One message as `status` lists it. */
export interface StatusRow {
  /** When the message arrived (SES's time), else when it was processed. */
  readonly time: string;
  readonly outcome: StatusOutcome;
  /** The report's own outcome word (`delivered`, `no-documents`, …). */
  readonly reportOutcome: string;
  /** The mailboxes it was routed to, or the recipients when none matched. */
  readonly mailboxes: readonly string[];
  readonly companyNumbers: readonly string[];
  readonly sender: string;
  readonly subject?: string;
  readonly documents: {
    readonly uploaded: number;
    readonly alreadyThere: number;
    readonly skipped: number;
    readonly failed: number;
  };
  readonly attempt: number;
  readonly messageId: string;
  /** Why it failed or waits, when it did. */
  readonly error?: string;
  readonly report: string;
}

/**
 * The report outcome as an operator thinks of it. `quarantined` is the quarantine feature's word and
 * passes through; an outcome this version does not know counts as `failed`, so it is looked at.
 */
export function statusOutcome(reportOutcome: string): StatusOutcome {
  switch (reportOutcome) {
    case 'delivered':
      return 'uploaded';
    case 'no-documents':
    case 'unroutable':
    case 'planned':
    case 'rejected':
      return 'skipped';
    case 'quarantined':
      return 'quarantined';
    case 'retrying':
      return 'retrying';
    default:
      return 'failed';
  }
}

/** A stored report as one status row. */
export function statusRow(stored: StoredReport): StatusRow {
  const { report } = stored;
  const routed = report.recipients.filter((recipient) => recipient.mailbox !== undefined);
  const uploads = report.deliveries.flatMap((delivery) => delivery.uploads);
  const count = (status: string): number =>
    uploads.filter((upload) => (upload.status as string) === status).length;
  const firstError = uploads.find((upload) => upload.error !== undefined)?.error ?? report.error;
  return {
    time: report.receivedAt ?? report.processedAt ?? stored.storedAt.toISOString(),
    outcome: statusOutcome(report.outcome),
    reportOutcome: report.outcome,
    mailboxes: unique(
      routed.length > 0
        ? routed.map((recipient) => recipient.mailbox ?? '')
        : report.recipients.map((r) => r.recipient),
    ),
    companyNumbers: unique(
      routed.flatMap((recipient) => (recipient.companyNumber ? [recipient.companyNumber] : [])),
    ),
    sender: report.from ?? report.envelopeSender ?? '',
    ...(report.subject === undefined ? {} : { subject: report.subject }),
    documents: {
      uploaded: count('uploaded'),
      alreadyThere: count('duplicate'),
      skipped: report.documents.filter((document) => document.decision === 'skip').length,
      failed: count('failed') + count('in-progress'),
    },
    attempt: report.attempt,
    messageId: report.messageId,
    ...(firstError === undefined || statusOutcome(report.outcome) === 'uploaded'
      ? {}
      : { error: firstError }),
    report: stored.location,
  };
}

/**
 * Whether the row belongs to a mailbox filter: the full address, its local part (`acme`), or the
 * administration's company number in any spelling (`BE 0123.456.749`).
 */
export function matchesMailbox(row: StatusRow, filter: string): boolean {
  const wanted = filter.trim().toLowerCase();
  const company = normaliseCompanyNumber(filter);
  return (
    row.mailboxes.some((address) => address === wanted || address.split('@')[0] === wanted) ||
    (company !== undefined && row.companyNumbers.includes(company))
  );
}

/** How many rows have each outcome (every outcome present, zeros included). */
export function countOutcomes(rows: readonly StatusRow[]): Record<StatusOutcome, number> {
  const counts = Object.fromEntries(STATUS_OUTCOMES.map((outcome) => [outcome, 0])) as Record<
    StatusOutcome,
    number
  >;
  for (const row of rows) counts[row.outcome] += 1;
  return counts;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.map((value) => value.toLowerCase()).filter((value) => value !== ''))];
}

/** The documents of a row in a few words: "1 uploaded, 2 skipped". */
export function documentSummary(row: StatusRow): string {
  const { uploaded, alreadyThere, skipped, failed } = row.documents;
  const parts = [
    uploaded > 0 ? `${uploaded} uploaded` : '',
    alreadyThere > 0 ? `${alreadyThere} already there` : '',
    skipped > 0 ? `${skipped} skipped` : '',
    failed > 0 ? `${failed} failed` : '',
  ].filter((part) => part !== '');
  return parts.length === 0 ? '-' : parts.join(', ');
}
