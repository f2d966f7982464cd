import type { DetectedType } from '../documents/document';
import type { ErrorKind } from '../shared/errors';

/** Report format version; bump when a field changes meaning. */
export const REPORT_VERSION = 1;

/** The fate of a whole message, in one word. */
export type MessageOutcome =
  /** Every uploadable document reached every routed mailbox. */
  | 'delivered'
  /** Routed, but the message held nothing to upload. */
  | 'no-documents'
  /** No envelope recipient matched a mailbox. */
  | 'unroutable'
  /** Some documents failed for good; the others were delivered. */
  | 'failed'
  /** A retryable failure: the message goes back to the queue. */
  | 'retrying'
  /** A dry run: documents were picked but nothing was sent. */
  | 'planned';

/** How one recipient was routed. */
export interface RecipientReport {
  readonly recipient: string;
  readonly mailbox?: string;
  readonly companyNumber?: string;
  readonly invoiceType?: string;
  readonly reason?: string;
}

/** One candidate document and the decision taken about it. */
export interface DocumentReport {
  readonly filename: string;
  readonly originalFilename?: string;
  readonly declaredType: string;
  readonly detectedType: DetectedType;
  readonly size: number;
  readonly sha256: string;
  readonly origin: string;
  readonly decision: 'upload' | 'skip';
  readonly reason?: string;
}

/** What happened to one document for one mailbox. */
export interface UploadReport {
  readonly filename: string;
  readonly sha256: string;
  readonly status: 'uploaded' | 'failed' | 'planned';
  readonly uuid?: string;
  readonly pages?: number | null;
  readonly error?: string;
  readonly errorKind?: ErrorKind;
}

/** Deliveries to one mailbox. */
export interface DeliveryReport {
  readonly mailbox: string;
  readonly companyNumber: string;
  readonly invoiceType: string;
  readonly uploads: readonly UploadReport[];
}

/** The per-message record an admin opens when a client asks "where is my invoice?". */
export interface MessageReport {
  readonly version: typeof REPORT_VERSION;
  readonly messageId: string;
  readonly receivedAt?: string;
  readonly processedAt: string;
  /** 1 for the first processing, more when the queue retried the message. */
  readonly attempt: number;
  readonly envelopeSender: string;
  readonly from?: string;
  readonly subject?: string;
  readonly verdicts: Readonly<Record<string, string>>;
  readonly recipients: readonly RecipientReport[];
  readonly documents: readonly DocumentReport[];
  readonly deliveries: readonly DeliveryReport[];
  readonly outcome: MessageOutcome;
  /** Why the message as a whole could not be processed, when it could not. */
  readonly error?: string;
}
