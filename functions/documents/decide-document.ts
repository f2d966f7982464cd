import { MAX_DOCUMENT_BYTES } from '../shared/limits';
import type { DetectedType, DocumentDecision, UploadType } from './document';
import { inspectInvoiceXml } from './invoice-xml';
import { findJpegProblem } from './jpeg-check';
import { findPdfProblem } from './pdf-check';

/**
 * Images smaller than this are tracking pixels, icons and signature logos: a readable
 * photo or scan of an invoice is far larger. Not applied to PDFs, which can be tiny and valid.
 */
export const TINY_IMAGE_BYTES = 10 * 1024;

/**
 * Phone mail apps (iOS Mail) attach photos inline and show them in the HTML body. A photo
 * of a paper invoice is much larger than a logo or a banner, so an inline image this big
 * is treated as a document rather than decoration.
 */
export const LARGE_INLINE_IMAGE_BYTES = 256 * 1024;

const IMAGE_TYPES: ReadonlySet<DetectedType> = new Set(['jpeg', 'png', 'gif', 'bmp', 'webp', 'tiff', 'heic']);

/** Images Clearfacts does not take but a converter turns into a PDF or a JPEG. */
const CONVERTIBLE_TYPES: ReadonlySet<DetectedType> = new Set(['png', 'gif', 'bmp', 'webp', 'tiff', 'heic']);

/** Parts that are never documents themselves, and why; containers list their files separately. */
const NOT_DOCUMENTS: Partial<Readonly<Record<DetectedType, string>>> = {
  signature: 'S/MIME signature, not a document',
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
}

/** Upload or skip, or (for an image Clearfacts does not take) convert first and decide again. */
export type DocumentAction = DocumentDecision | { readonly action: 'convert' };

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
 * decided again; everything else is skipped with a reason a client can understand. Unpackers
 * and converters that fail, and the message-wide rules, only supply facts to decide on.
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
    if (shownInBody && content.length < LARGE_INLINE_IMAGE_BYTES) {
      return skip(type, 'image shown in the message body (logo or signature image)');
    }
    if (content.length < TINY_IMAGE_BYTES) {
      return skip(type, `image smaller than ${TINY_IMAGE_BYTES / 1024} KB (tracking pixel or icon)`);
    }
  }
  if (CONVERTIBLE_TYPES.has(type)) return { detectedType: type, decision: { action: 'convert' } };
  const uploadType = asUploadType(type);
  if (uploadType === undefined) return skip(type, notAccepted(type));
  if (content.length > MAX_DOCUMENT_BYTES) {
    return skip(type, `larger than the ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MB Clearfacts accepts`);
  }
  const problem =
    type === 'pdf' ? findPdfProblem(content) : type === 'jpeg' ? findJpegProblem(content) : undefined;
  if (problem !== undefined) return skip(type, problem);
  return { detectedType: type, decision: { action: 'upload', uploadType } };
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
