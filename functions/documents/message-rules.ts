import { decideDocument, isSettled, type Redundancy } from './decide-document';
import type { DocumentCandidate } from './document';
import { embeddedPdfs } from './embedded-documents';

/** How the message-wide rules apply; `extractDocuments` fills in the defaults. */
export interface MessageRuleOptions {
  /** Upload an invoice XML instead of the PDF of the same invoice beside it. */
  readonly preferInvoiceXml: boolean;
  /** Upload at most this many documents from one message. */
  readonly maxDocuments: number;
}

/**
 * Rules that need the whole message: a PDF whose invoice also came as UBL XML is represented
 * by the XML (when `preferInvoiceXml`; the PDF keeps `representedBy`), byte-identical documents are uploaded once, and no more
 * than `maxDocuments` are uploaded. Only candidates about to be uploaded are looked at; the
 * facts found go to `decideDocument`, which gives the reason.
 */
export function applyMessageRules(
  candidates: readonly DocumentCandidate[],
  options: MessageRuleOptions,
): DocumentCandidate[] {
  const representedBy = options.preferInvoiceXml
    ? pairPdfsWithXml(candidates)
    : new Map<DocumentCandidate, string>();
  const firstWithHash = new Map<string, string>();
  let uploads = 0;
  return candidates.map((candidate) => {
    if (candidate.decision.action !== 'upload') return candidate;
    const redundancy = redundancyOf(candidate);
    if (redundancy === undefined) {
      firstWithHash.set(candidate.sha256, candidate.filename);
      uploads += 1;
      return candidate;
    }
    const { detectedType, content } = candidate;
    const { decision } = decideDocument({ detectedType, content, shownInBody: false, redundancy });
    if (!isSettled(decision)) return candidate;
    // Kept as a fact, not only a reason: the PDF is the fallback if Clearfacts refuses the XML.
    return redundancy.kind === 'represented'
      ? { ...candidate, decision, representedBy: redundancy.by }
      : { ...candidate, decision };
  });

  function redundancyOf(candidate: DocumentCandidate): Redundancy | undefined {
    const xml = representedBy.get(candidate);
    if (xml !== undefined) return { kind: 'represented', by: xml };
    const first = firstWithHash.get(candidate.sha256);
    if (first !== undefined) return { kind: 'duplicate', of: first };
    if (uploads >= options.maxDocuments) return { kind: 'over-limit', limit: options.maxDocuments };
    return undefined;
  }
}

/**
 * PDFs sent as they are (not converted) that an uploaded invoice XML carries (same bytes or
 * the name it gives them) or that share the XML's base name (`INV-7.xml`, `INV-7.pdf`), each
 * with the XML's filename.
 */
function pairPdfsWithXml(candidates: readonly DocumentCandidate[]): Map<DocumentCandidate, string> {
  const pairs = new Map<DocumentCandidate, string>();
  const uploading = candidates.filter((candidate) => candidate.decision.action === 'upload');
  const pdfs = uploading.filter((candidate) => candidate.detectedType === 'pdf' && !candidate.convertedFrom);
  if (pdfs.length === 0) return pairs;
  for (const xml of uploading.filter((candidate) => candidate.detectedType === 'invoice-xml')) {
    const embedded = embeddedPdfs(xml.content);
    const hashes = new Set(embedded.map((pdf) => pdf.sha256));
    const names = new Set(
      embedded.flatMap((pdf) => (pdf.filename === undefined ? [] : [baseName(pdf.filename)])),
    );
    const stem = stemOf(xml);
    for (const pdf of pdfs) {
      if (pairs.has(pdf)) continue;
      if (hashes.has(pdf.sha256) || names.has(baseName(declaredName(pdf))) || stemOf(pdf) === stem) {
        pairs.set(pdf, xml.filename);
      }
    }
  }
  return pairs;
}

/** The name the sender gave, before it was made unique or given an extension. */
function declaredName(candidate: DocumentCandidate): string {
  return candidate.originalFilename ?? candidate.filename;
}

/** The file name without folders, lower case, for comparing. */
function baseName(name: string): string {
  return (name.split(/[/\\]/).at(-1) ?? name).trim().toLowerCase();
}

/** The base name without its extension (`inv-7` for `INV-7.pdf`). */
function stemOf(candidate: DocumentCandidate): string {
  return baseName(declaredName(candidate)).replace(/\.[^.]*$/, '');
}
