import { MAX_DOCUMENT_BYTES } from '../shared/limits';
import type { DetectedType, DocumentDecision, UploadType } from './document';
import { inspectInvoiceXml } from './invoice-xml';

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

/** Parts that are never documents, whatever their size, and why. */
const NOT_DOCUMENTS: Partial<Readonly<Record<DetectedType, string>>> = {
  signature: 'S/MIME signature, not a document',
  calendar: 'calendar invitation, not a document',
  vcard: 'contact card (vCard), not a document',
  message: 'forwarded message; its attachments are listed separately',
};

/** What is known about one part when deciding its fate. */
export interface DocumentFacts {
  /** What `sniffType` found. */
  readonly detectedType: DetectedType;
  /** The part's bytes. */
  readonly content: Buffer;
  /** Whether the message's HTML body displays it (a referenced `cid:` or a `multipart/related` part). */
  readonly shownInBody: boolean;
}

/** The refined type (XML becomes `invoice-xml` when it is one) and the decision. */
export interface DocumentVerdict {
  /** `facts.detectedType`, except that an XML invoice is `invoice-xml`. */
  readonly detectedType: DetectedType;
  /** Upload it, or skip it with a reason. */
  readonly decision: DocumentDecision;
}

/**
 * The one place that decides whether a part is uploaded. Clearfacts takes PDF, JPEG and
 * invoice XML; everything else is skipped with a reason a client can understand. A converter
 * (PNG, TIFF, HEIC to PDF) or an unpacker (ZIP) hooks in where `notAccepted` is decided.
 */
export function decideDocument(facts: DocumentFacts): DocumentVerdict {
  const { content, shownInBody } = facts;
  let type = facts.detectedType;
  if (content.length === 0) return skip(type, 'empty file');
  if (type === 'xml' || type === 'invoice-xml') {
    const verdict = inspectInvoiceXml(content);
    if (!verdict.invoice) return skip('xml', verdict.reason);
    type = 'invoice-xml';
  }
  const notDocument = NOT_DOCUMENTS[type];
  if (notDocument !== undefined) return skip(type, notDocument);
  if (IMAGE_TYPES.has(type)) {
    if (shownInBody && content.length < LARGE_INLINE_IMAGE_BYTES) {
      return skip(type, 'image shown in the message body (logo or signature image)');
    }
    if (content.length < TINY_IMAGE_BYTES) {
      return skip(type, `image smaller than ${TINY_IMAGE_BYTES / 1024} KB (tracking pixel or icon)`);
    }
  }
  const uploadType = asUploadType(type);
  if (uploadType === undefined) return skip(type, notAccepted(type));
  if (content.length > MAX_DOCUMENT_BYTES) {
    return skip(type, `larger than the ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MB Clearfacts accepts`);
  }
  return { detectedType: type, decision: { action: 'upload', uploadType } };
}

function notAccepted(type: DetectedType): string {
  if (type === 'unknown') return 'unrecognised file type; not a format Clearfacts accepts';
  return `not a format Clearfacts accepts (${type}); conversion is not available yet`;
}

function asUploadType(type: DetectedType): UploadType | undefined {
  return type === 'pdf' || type === 'jpeg' || type === 'invoice-xml' ? type : undefined;
}

function skip(detectedType: DetectedType, reason: string): DocumentVerdict {
  return { detectedType, decision: { action: 'skip', reason } };
}
