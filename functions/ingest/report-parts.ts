import type { DocumentCandidate } from '../documents/document';
import { cleanDisplayText, MAX_FILENAME_BYTES } from '../mail/safe-filename';
import type { DocumentReport, RecipientReport } from '../reports/message-report';
import { reportedTray } from '../routing/mailbox';
import type { RecipientRoute } from '../routing/route-recipients';

/** A recipient's routing, as the report shows it. */
export function describeRoute(route: RecipientRoute): RecipientReport {
  if (route.mailbox === undefined) return { recipient: route.recipient, reason: route.reason };
  return {
    recipient: route.recipient,
    mailbox: route.mailbox.address,
    companyNumber: route.mailbox.companyNumber,
    ...reportedTray(route.mailbox),
  };
}

/** A candidate document without its bytes, as the report shows it. */
export function describeDocument(document: DocumentCandidate): DocumentReport {
  return {
    filename: document.filename,
    ...(document.originalFilename === undefined
      ? {}
      : { originalFilename: reportedText(document.originalFilename) }),
    declaredType: reportedText(document.declaredType),
    detectedType: document.detectedType,
    size: document.size,
    sha256: document.sha256,
    origin: document.origin,
    ...(document.convertedFrom === undefined ? {} : { convertedFrom: document.convertedFrom }),
    ...(document.signature === undefined ? {} : { signature: document.signature }),
    decision: document.decision.action,
    ...(document.decision.action === 'skip' ? { reason: document.decision.reason } : {}),
  };
}

/**
 * Text a sender chose (a declared filename or type, a subject) as reports and terminals show it:
 * control, bidi and invisible characters removed (they can fake a name or an extension, or drive
 * a terminal), cut to `maxBytes` with an ellipsis.
 */
export function reportedText(text: string, maxBytes = MAX_FILENAME_BYTES): string {
  const clean = cleanDisplayText(text);
  if (Buffer.byteLength(clean) <= maxBytes) return clean;
  let kept = '';
  let bytes = Buffer.byteLength('…');
  for (const char of clean) {
    bytes += Buffer.byteLength(char);
    if (bytes > maxBytes) break;
    kept += char;
  }
  return `${kept}…`;
}
