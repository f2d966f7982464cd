import { type DocumentFacts, type DocumentVerdict, decideDocument } from './decide-document';

/**
 * `decideDocument`, and when it asks for a PDF reader (a PDF whose bytes raise a doubt: encrypted,
 * no `%%EOF` at the end, a broken `startxref`), the reader's finding fed back in. The reader and
 * pdf.js are imported only then, so a message of ordinary PDFs never loads them.
 */
export async function decideWithReader(facts: DocumentFacts): Promise<DocumentVerdict> {
  const verdict = decideDocument(facts);
  if (verdict.decision.action !== 'read-pdf') return verdict;
  const { readPdf } = await import('./pdf-reader');
  return decideDocument({ ...facts, pdfReading: await readPdf(facts.content) });
}
