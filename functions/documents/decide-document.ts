import { MAX_DOCUMENT_BYTES } from '../shared/limits';
import type { DetectedType, DocumentDecision, UploadType } from './document';
import { imageGeometry } from './image-geometry';
import { decorationReason } from './image-role';
import { inspectInvoiceXml } from './invoice-xml';
import { findJpegProblem } from './jpeg-check';
import { findPdfDoubt, type PdfReading, pdfRefusal } from './pdf-check';

const IMAGE_TYPES: ReadonlySet<DetectedType> = new Set(['jpeg', 'png', 'gif', 'bmp', 'webp', 'tiff', 'heic']);

/** Images Clearfacts does not take but a converter turns into a PDF or a JPEG. */
const CONVERTIBLE_TYPES: ReadonlySet<DetectedType> = new Set(['png', 'gif', 'bmp', 'webp', 'tiff', 'heic']);

/**
 * Why encrypted (enveloped) S/MIME content is not delivered. Only the recipient's private key opens
 * it, and this service holds none: asking the sender for an unencrypted copy is the only way.
 */
export const ENCRYPTED_CONTENT =
  "encrypted S/MIME content (enveloped data): unreadable without the recipient's private key, which this service does not have; ask the sender to send it unencrypted";

/** Parts that are never documents themselves, and why; containers list their files separately. */
const NOT_DOCUMENTS: Partial<Readonly<Record<DetectedType, string>>> = {
  signature: 'S/MIME signature, not a document',
  'signed-data': 'signed content (S/MIME or .p7m); what it holds is listed separately',
  'encrypted-data': ENCRYPTED_CONTENT,
  calendar: 'calendar invitation, not a document',
  vcard: 'contact card (vCard), not a document',
  message: 'forwarded message; its attachments are listed separately',
  zip: 'ZIP archive; its files are listed separately',
  'ms-tnef': 'Outlook winmail.dat; its attachments are listed separately',
  'ms-msg': 'Outlook message (.msg); its attachments are listed separately',
};

/** Another candidate of the same message that makes this one unnecessary (see `applyMessageRules`). */
export type Redundancy =
  | { readonly kind: 'duplicate'; readonly of: string }
  | { readonly kind: 'represented'; readonly by: string }
  | { readonly kind: 'over-limit'; readonly limit: number };

/** What is known about one part when deciding its fate. */
export interface DocumentFacts {
  /** What `sniffType` found. */
  readonly detectedType: DetectedType;
  /** The part's bytes. */
  readonly content: Buffer;
  /** Whether the message's HTML body displays it (a referenced `cid:` or a `multipart/related` part). */
  readonly shownInBody: boolean;
  /** Set for a converter's output: the image checks were already applied to the original. */
  readonly convertedFrom?: DetectedType;
  /** Why the part could not be unpacked or converted. */
  readonly failure?: string;
  /** Set when another candidate of the message already delivers what this one holds. */
  readonly redundancy?: Redundancy;
  /** Set once a PDF reader has opened a PDF the byte checks doubted (`readPdf`). */
  readonly pdfReading?: PdfReading;
}

/**
 * Upload or skip; or first convert (an image Clearfacts does not take) or read with a PDF reader
 * (a PDF the byte checks doubt), then decide again with what that found.
 */
export type DocumentAction =
  | DocumentDecision
  | { readonly action: 'convert' }
  | { readonly action: 'read-pdf' };

/** The refined type (XML becomes `invoice-xml` when it is one) and the decision. */
export interface DocumentVerdict {
  /** `facts.detectedType`, except that an XML invoice is `invoice-xml`. */
  readonly detectedType: DetectedType;
  /** Upload it, skip it with a reason, or convert it. */
  readonly decision: DocumentAction;
}

/**
 * The one place that decides whether a part is uploaded. Clearfacts takes PDF, JPEG and
 * invoice XML; images it does not take are sent to a converter (`convert`) and their output
 * decided again; a PDF the byte checks doubt is opened with a PDF reader (`read-pdf`) and
 * decided again with what the reader found; everything else is skipped with a reason a client
 * can understand. Images are told from logos and tracking pixels by their pixels, read from the
 * header. Unpackers, converters and the reader, and the message-wide rules, only supply facts.
 */
export function decideDocument(facts: DocumentFacts): DocumentVerdict {
  const { content, shownInBody } = facts;
  let type = facts.detectedType;
  if (content.length === 0) return skip(type, 'empty file');
  if (facts.redundancy !== undefined) return skip(type, redundantReason(facts.redundancy));
  if (facts.failure !== undefined) return skip(type, facts.failure);
  if (type === 'xml' || type === 'invoice-xml') {
    const verdict = inspectInvoiceXml(content);
    if (!verdict.invoice) return skip('xml', verdict.reason);
    type = 'invoice-xml';
  }
  const notDocument = NOT_DOCUMENTS[type];
  if (notDocument !== undefined) return skip(type, notDocument);
  if (IMAGE_TYPES.has(type) && facts.convertedFrom === undefined) {
    const geometry = imageGeometry(type, content);
    const decoration = geometry === undefined ? undefined : decorationReason(geometry, shownInBody);
    if (decoration !== undefined) return skip(type, decoration);
  }
  if (CONVERTIBLE_TYPES.has(type)) return { detectedType: type, decision: { action: 'convert' } };
  const uploadType = asUploadType(type);
  if (uploadType === undefined) return skip(type, notAccepted(type));
  if (content.length > MAX_DOCUMENT_BYTES) {
    return skip(type, `larger than the ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MB Clearfacts accepts`);
  }
  if (type === 'pdf') {
    const doubt = findPdfDoubt(content);
    if (doubt !== undefined && facts.pdfReading === undefined) {
      return { detectedType: type, decision: { action: 'read-pdf' } };
    }
    const refusal =
      doubt === undefined || facts.pdfReading === undefined ? undefined : pdfRefusal(doubt, facts.pdfReading);
    if (refusal !== undefined) return skip(type, refusal);
  }
  const problem = type === 'jpeg' ? findJpegProblem(content) : undefined;
  if (problem !== undefined) return skip(type, problem);
  return { detectedType: type, decision: { action: 'upload', uploadType } };
}

/** Whether the decision is final: upload or skip, nothing left to convert or read. */
export function isSettled(action: DocumentAction): action is DocumentDecision {
  return action.action === 'upload' || action.action === 'skip';
}

function redundantReason(redundancy: Redundancy): string {
  switch (redundancy.kind) {
    case 'duplicate':
      return `same bytes as ${redundancy.of}, which is uploaded once`;
    case 'represented':
      return `represented by ${redundancy.by}: the invoice XML carries the same invoice`;
    case 'over-limit':
      return `over the limit of ${redundancy.limit} documents per message; forward it in a separate message`;
  }
}

function notAccepted(type: DetectedType): string {
  if (type === 'unknown') return 'unrecognised file type; not a format Clearfacts accepts';
  return `not a format Clearfacts accepts (${type})`;
}

function asUploadType(type: DetectedType): UploadType | undefined {
  return type === 'pdf' || type === 'jpeg' || type === 'invoice-xml' ? type : undefined;
}

function skip(detectedType: DetectedType, reason: string): DocumentVerdict {
  return { detectedType, decision: { action: 'skip', reason } };
}
