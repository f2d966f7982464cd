import type { DocumentCandidate } from '../documents/document';
import { embeddedPdfs } from '../documents/embedded-documents';
import type { IdentityResult, IdentitySource } from './invoice-identity';
import { pdfFacts } from './pdf-facts';
import { type IdentityContext, resolveTextIdentity } from './resolve-identity';
import type { TextFactsResult } from './text-identity';
import { xmlIdentity } from './xml-identity';

/** What a document says about its invoice identity, before the administration is known. */
export type DocumentReading =
  /** An invoice XML, or a PDF such an XML embeds: the identity is exact. */
  | { readonly source: Exclude<IdentitySource, 'pdf-text'>; readonly result: IdentityResult }
  /** A PDF's text: the supplier is told apart from the customer per administration. */
  | { readonly source: 'pdf-text'; readonly facts: TextFactsResult }
  | { readonly source: 'none'; readonly reason: string };

/**
 * Reads the identity of every document the message uploads, once for all its mailboxes, by sha256.
 * A PDF that an invoice XML of the message embeds takes the XML's identity: the same invoice.
 */
export async function readDocumentIdentities(
  documents: readonly DocumentCandidate[],
): Promise<ReadonlyMap<string, DocumentReading>> {
  const uploads = documents.filter((document) => document.decision.action === 'upload');
  const readings = new Map<string, DocumentReading>();
  const embeddedBy = new Map<string, IdentityResult>();
  for (const document of uploads) {
    if (document.detectedType !== 'invoice-xml') continue;
    const result = xmlIdentity(document.content);
    readings.set(document.sha256, { source: 'xml', result });
    for (const pdf of embeddedPdfs(document.content)) embeddedBy.set(pdf.sha256, result);
  }
  for (const document of uploads) {
    if (readings.has(document.sha256)) continue;
    const embedding = embeddedBy.get(document.sha256);
    if (embedding !== undefined)
      readings.set(document.sha256, { source: 'embedding-xml', result: embedding });
    else if (document.detectedType === 'pdf') {
      readings.set(document.sha256, { source: 'pdf-text', facts: await pdfFacts(document.content) });
    } else {
      readings.set(document.sha256, { source: 'none', reason: 'an image: no text is read from it (no OCR)' });
    }
  }
  return readings;
}

/** The identity a reading gives for one administration and tray. */
export function identityFor(reading: DocumentReading, context: IdentityContext): IdentityResult {
  switch (reading.source) {
    case 'none':
      return { identified: false, reason: reading.reason };
    case 'pdf-text':
      return reading.facts.found
        ? resolveTextIdentity(reading.facts.facts, context)
        : { identified: false, reason: reading.facts.reason };
    default:
      return reading.result;
  }
}
