import type { SignatureCheck } from '../signed/open-signed-data';

/** Formats Clearfacts accepts through `uploadFile`. */
export type UploadType = 'pdf' | 'jpeg' | 'invoice-xml';

/** What a part's bytes turned out to be, whatever it was declared as. */
export type DetectedType =
  | UploadType
  | 'xml'
  | 'png'
  | 'gif'
  | 'bmp'
  | 'webp'
  | 'tiff'
  | 'heic'
  | 'zip'
  | 'ms-tnef'
  | 'ms-msg'
  | 'message'
  | 'calendar'
  | 'vcard'
  | 'signature'
  | 'signed-data'
  | 'encrypted-data'
  | 'html'
  | 'text'
  | 'unknown';

/** What the pipeline does with a candidate, and why when it does not upload it. */
export type DocumentDecision =
  | { readonly action: 'upload'; readonly uploadType: UploadType }
  | { readonly action: 'skip'; readonly reason: string };

/** One attachment (or unpacked/converted file) considered for upload. */
export interface DocumentCandidate {
  /** Safe, non-empty filename, unique within the message; what Clearfacts receives. */
  readonly filename: string;
  /** The name as the sender's mail declared it (decoded), when different from `filename`. */
  readonly originalFilename?: string;
  /** The declared MIME content type, for the report. */
  readonly declaredType: string;
  /** What the bytes are. */
  readonly detectedType: DetectedType;
  /** Size in bytes. */
  readonly size: number;
  /** Hex sha256 of the bytes that would be uploaded. */
  readonly sha256: string;
  /** The bytes that would be uploaded. */
  readonly content: Buffer;
  /** Where the part came from, e.g. `attachment` or `forwarded message "Fwd: Invoice"`. */
  readonly origin: string;
  /** For a converted image (PNG, TIFF, HEIC...): the file it was made from. */
  readonly convertedFrom?: ConvertedFrom;
  /** Signed content (a `.p7m`) and whatever was found inside it: who signed and whether it verifies. */
  readonly signature?: SignatureCheck;
  /** Upload it, or skip it with a reason. */
  readonly decision: DocumentDecision;
  /**
   * A PDF skipped because the invoice XML of this filename carries the same invoice: sent after
   * all, for a mailbox where Clearfacts refuses that XML for good (functions/ingest/pdf-fallback.ts).
   */
  readonly representedBy?: string;
}

/** The original of a converted candidate, as the sender attached it. */
export interface ConvertedFrom {
  /** Its safe filename, e.g. `scan.tiff` for the candidate `scan.pdf`. */
  readonly filename: string;
  /** What its bytes were. */
  readonly detectedType: DetectedType;
  /** Its size in bytes. */
  readonly size: number;
  /** Hex sha256 of its bytes. */
  readonly sha256: string;
}

/** The MIME type sent to Clearfacts for each accepted format. */
export const UPLOAD_CONTENT_TYPES: Readonly<Record<UploadType, string>> = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  'invoice-xml': 'application/xml',
};
