import type { DocumentCandidate } from '../documents/document';
import type { DocumentReport, RecipientReport } from '../reports/message-report';
import type { RecipientRoute } from '../routing/route-recipients';

/** A recipient's routing, as the report shows it. */
export function describeRoute(route: RecipientRoute): RecipientReport {
  if (route.mailbox === undefined) return { recipient: route.recipient, reason: route.reason };
  return {
    recipient: route.recipient,
    mailbox: route.mailbox.address,
    companyNumber: route.mailbox.companyNumber,
    invoiceType: route.mailbox.invoiceType,
  };
}

/** A candidate document without its bytes, as the report shows it. */
export function describeDocument(document: DocumentCandidate): DocumentReport {
  return {
    filename: document.filename,
    ...(document.originalFilename === undefined ? {} : { originalFilename: document.originalFilename }),
    declaredType: document.declaredType,
    detectedType: document.detectedType,
    size: document.size,
    sha256: document.sha256,
    origin: document.origin,
    ...(document.convertedFrom === undefined ? {} : { convertedFrom: document.convertedFrom }),
    decision: document.decision.action,
    ...(document.decision.action === 'skip' ? { reason: document.decision.reason } : {}),
  };
}
