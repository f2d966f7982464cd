import type { ArchiveReport } from './message-report';

/**
 * The tray as a person reads it: `PURCHASE`, or `ARCHIVE various/Contracten` for an archive
 * mailbox (its archive and category). The CLI's reports and the review console say it the same way.
 */
export function trayText(entry: { readonly invoiceType?: string; readonly archive?: ArchiveReport }): string {
  if (entry.archive === undefined) return entry.invoiceType ?? '';
  return `${entry.invoiceType} ${entry.archive.type.toLowerCase()}/${entry.archive.category}`;
}
