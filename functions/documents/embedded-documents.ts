import { createHash } from 'node:crypto';

/** UBL's element for a document carried inside the invoice (`cac:Attachment`), in any prefix. */
const EMBEDDED = Buffer.from('EmbeddedDocumentBinaryObject', 'latin1');

/** Invoices carry one PDF rendering, sometimes a few annexes; looking at more bounds the work. */
const MAX_EMBEDDED_DOCUMENTS = 20;

/** A start tag is short; a longer one is not something we need to read. */
const MAX_START_TAG_LENGTH = 2048;

/** The `<` of the element sits at most a namespace prefix before its name (`<cbc:`). */
const MAX_PREFIX_LENGTH = 256;

/** A PDF an invoice XML carries, to recognise the same PDF attached beside it. */
export interface EmbeddedPdf {
  /** The `filename` attribute, when present. */
  readonly filename?: string;
  /** Hex sha256 of the decoded bytes. */
  readonly sha256: string;
}

/**
 * Lists the PDFs embedded in a UBL invoice (`cbc:EmbeddedDocumentBinaryObject` with
 * `mimeCode="application/pdf"`, or a `.pdf` filename, or base64 that decodes to `%PDF-`).
 * A byte search, not an XML parse: the file was already found to be a UBL invoice, and the
 * search is linear, whatever the file holds.
 */
export function embeddedPdfs(xml: Buffer): EmbeddedPdf[] {
  const found: EmbeddedPdf[] = [];
  for (let at = xml.indexOf(EMBEDDED); at >= 0 && found.length < MAX_EMBEDDED_DOCUMENTS; ) {
    const tagEnd = xml.indexOf('>', at);
    // Looking back no further than a namespace prefix can be long keeps crafted files linear.
    const from = Math.max(0, at - MAX_PREFIX_LENGTH);
    const back = xml.subarray(from, at).lastIndexOf('<');
    const tagStart = back < 0 ? -1 : from + back;
    if (tagEnd < 0) break;
    const next = xml.indexOf(EMBEDDED, tagEnd);
    const isStartTag = tagStart >= 0 && xml[tagStart + 1] !== 0x2f && tagEnd - at < MAX_START_TAG_LENGTH;
    if (isStartTag && xml[tagEnd - 1] !== 0x2f) {
      const tag = xml.toString('latin1', at, tagEnd);
      const valueEnd = xml.indexOf('<', tagEnd);
      const bytes = Buffer.from(
        xml.toString('latin1', tagEnd + 1, valueEnd < 0 ? xml.length : valueEnd),
        'base64',
      );
      const filename = attribute(tag, 'filename');
      const pdf = /mimeCode\s*=\s*["']application\/pdf["']/i.test(tag) || /\.pdf$/i.test(filename ?? '');
      if (pdf || bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        found.push(filename === undefined ? { sha256 } : { filename, sha256 });
      }
    }
    at = next;
  }
  return found;
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  const value = match?.[1] ?? match?.[2];
  return value === undefined ? undefined : value.trim();
}
