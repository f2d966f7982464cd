import type { DocumentCandidate } from '../documents/document';
import { type DocumentReading, identityFor } from '../identity/document-identities';
import type { IdentityResult } from '../identity/invoice-identity';
import type { DocumentReport, IdentityReport } from '../reports/message-report';
import type { Mailbox } from '../routing/mailbox';

/** Each document's identity for one mailbox (its administration and tray), by sha256. */
export function identitiesFor(
  readings: ReadonlyMap<string, DocumentReading>,
  mailbox: Mailbox,
): ReadonlyMap<string, IdentityResult> {
  const context = { companyNumber: mailbox.companyNumber, invoiceType: mailbox.invoiceType };
  return new Map([...readings].map(([sha256, reading]) => [sha256, identityFor(reading, context)]));
}

/**
 * A document's identity as its report entry shows it. A PDF's supplier depends on whose tray it
 * goes to (the other VAT number on a purchase, the company's own on a sale); when the message's
 * mailboxes disagree, the entry says so.
 */
export function reportIdentity(
  reading: DocumentReading | undefined,
  document: DocumentCandidate,
  mailboxes: readonly Mailbox[],
): Pick<DocumentReport, 'identity'> {
  if (reading === undefined || document.decision.action !== 'upload') return {};
  const results = mailboxes.map((mailbox) =>
    identityFor(reading, { companyNumber: mailbox.companyNumber, invoiceType: mailbox.invoiceType }),
  );
  const distinct = new Set(results.map((result) => JSON.stringify(result)));
  const [result] = results;
  if (result === undefined) return {};
  if (distinct.size > 1) {
    return {
      identity: { identified: false, reason: 'it differs between the mailboxes (a purchase and a sale)' },
    };
  }
  return { identity: asReport(result, reading) };
}

function asReport(result: IdentityResult, reading: DocumentReading): IdentityReport {
  if (!result.identified) return { identified: false, reason: result.reason };
  const source = reading.source === 'none' ? 'pdf-text' : reading.source;
  return { identified: true, source, ...result.identity };
}
