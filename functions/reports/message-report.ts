import type { ConvertedFrom, DetectedType } from '../documents/document';
import type { IdentitySource, InvoiceIdentity } from '../identity/invoice-identity';
import type { PolicyAction } from '../policy/verdict-policy';
import type { ErrorKind } from '../shared/errors';
import type { SignatureCheck } from '../signed/open-signed-data';

/**
 * Report format version; bump when a field changes meaning.
 * 2: uploads gained `duplicate` and `in-progress`, attempt counts and the ledger's notes.
 * 3: outcomes `quarantined` and `rejected`, a delivery's `policy`, `automatic` mail and `released`.
 * 4: a document's invoice `identity`; uploads gained `held` and `repeatOf` (the same invoice before).
 */
export const REPORT_VERSION = 4;

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
  | 'planned'
  /** The policy holds it for an admin (`npm run quarantine`, `npm run release`); nothing was sent. */
  | 'quarantined'
  /** The policy refused it for every mailbox; nothing was sent, the raw mail stays stored. */
  | 'rejected';

/** How one recipient was routed. */
export interface RecipientReport {
  readonly recipient: string;
  readonly mailbox?: string;
  readonly companyNumber?: string;
  /** The inbox tray, or `ARCHIVE` for an archive mailbox. */
  readonly invoiceType?: string;
  /** For an archive mailbox: which archive and category (by name, as configured). */
  readonly archive?: ArchiveReport;
  readonly reason?: string;
}

/** The archive an archive mailbox uploads to (`uploadArchiveFile`). */
export interface ArchiveReport {
  readonly type: 'VARIOUS' | 'PERMANENT';
  readonly category: string;
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
  /** For a converted image: the file it was made from (name, type, size and hash). */
  readonly convertedFrom?: ConvertedFrom;
  /** For signed content and what it held: the signer certificate's subject and whether the signature verifies. */
  readonly signature?: SignatureCheck;
  readonly decision: 'upload' | 'skip';
  readonly reason?: string;
  /** For an uploaded document: its invoice identity (functions/identity/), or why it has none. */
  readonly identity?: IdentityReport;
}

/** A document's invoice identity as the report shows it. */
export type IdentityReport =
  | ({ readonly identified: true; readonly source: IdentitySource } & InvoiceIdentity)
  | { readonly identified: false; readonly reason: string };

/** The earlier document an upload repeats: the same invoice in other bytes. */
export interface RepeatReport {
  readonly filename: string;
  readonly messageId: string;
  /** When that message was received (ISO 8601). */
  readonly receivedAt: string;
  /** Its Clearfacts uuid. */
  readonly uuid?: string;
}

/** What happened to one document for one mailbox. */
export type UploadStatus =
  /** Clearfacts accepted it for this message: now, or in an earlier attempt (`earlierAttempt`). */
  | 'uploaded'
  /** The same bytes already reached the same company from another message: nothing was sent. */
  | 'duplicate'
  /** Another delivery of this message is sending it right now; this one comes back to learn the result. */
  | 'in-progress'
  /** Not delivered; `errorKind` says whether it is retried. */
  | 'failed'
  /** A dry run: it would have been sent. */
  | 'planned'
  /** The same invoice reached the tray before and the mailbox holds repeats: quarantined, releasable. */
  | 'held';

/** One document's fate for one mailbox. */
export interface UploadReport {
  readonly filename: string;
  readonly sha256: string;
  readonly status: UploadStatus;
  /** Clearfacts' document uuid, the proof of delivery (`uploaded` and `duplicate`). */
  readonly uuid?: string;
  readonly pages?: number | null;
  /** When Clearfacts accepted it (ISO 8601). */
  readonly uploadedAt?: string;
  /** How many times this message tried to send the document, this attempt included. */
  readonly attempts?: number;
  /** Sent by an earlier attempt of this message; nothing was sent this time. */
  readonly earlierAttempt?: boolean;
  /** For `duplicate`: the message that delivered these bytes first. */
  readonly deliveredFrom?: string;
  /**
   * Sent although an earlier upload of the same bytes may have landed (it got no answer, or its
   * attempt stopped before recording): Clearfacts may hold it twice. The comment says so too.
   */
  readonly possibleRepeat?: boolean;
  /** The same invoice (supplier, type, number, date, amount) reached the tray before in other bytes. */
  readonly repeatOf?: RepeatReport;
  /** What the invoice identity check found: a possible duplicate, or a number seen with another date or amount. */
  readonly invoiceNote?: string;
  /** For `possibleRepeat`: when the earlier upload was sent without an answer (ISO 8601). */
  readonly unansweredAt?: string;
  /**
   * For `failed`: the upload was sent and no answer came (timeout, cut connection, 502/504). The
   * ledger keeps it as "outcome unknown"; the next attempt sends it again, flagged `possibleRepeat`.
   */
  readonly outcomeUnknown?: boolean;
  /**
   * For an invoice XML that Clearfacts refused for good (`failed`, `permanent`): the PDFs sent in
   * its place, the ones it had replaced (`preferInvoiceXml`). Their own uploads say how that went.
   */
  readonly replacedBy?: readonly string[];
  /** For a PDF sent in place of the invoice XML Clearfacts refused for good: that XML's filename. */
  readonly replaces?: string;
  /** For `uploaded`: errors Clearfacts sent beside the uuid (the document landed all the same). */
  readonly warning?: string;
  /** The ledger's explanation for people ("already delivered as … on … from …"). */
  readonly note?: string;
  readonly error?: string;
  readonly errorKind?: ErrorKind;
  /** How long Clearfacts asked us to wait (Retry-After), in ms; the queue waits at least as long. */
  readonly retryAfterMs?: number;
}

/** What the sender and verdict policy decided for one mailbox, when there was something to say. */
export interface PolicyReport {
  readonly action: PolicyAction;
  /** Why it was held or rejected, or what was noticed and accepted. */
  readonly reason?: string;
  /** False when a quarantined message may not be released (a virus). */
  readonly releasable?: false;
  /** When and by whom it was released from quarantine. */
  readonly released?: { readonly at: string; readonly by?: string };
}

/** Deliveries to one mailbox. */
export interface DeliveryReport {
  readonly mailbox: string;
  readonly companyNumber: string;
  /** The inbox tray, or `ARCHIVE` for an archive mailbox. */
  readonly invoiceType: string;
  /** For an archive mailbox: which archive and category the documents went to. */
  readonly archive?: ArchiveReport;
  readonly uploads: readonly UploadReport[];
  /** How many times this message's delivery to this mailbox started (1 the first time). */
  readonly attempts?: number;
  /** Finished by an earlier attempt (or another delivery of the message) and copied from the ledger. */
  readonly fromEarlierAttempt?: boolean;
  /** The policy's decision, when it held the message or noticed something. */
  readonly policy?: PolicyReport;
}

/** Whether the sender heard back about the message (functions/feedback/), and if not, why. */
export type ReplyReport =
  | {
      readonly sent: true;
      readonly to: string;
      /** When it was sent (ISO 8601). */
      readonly at: string;
      /** Sent while an earlier delivery of the message was processed; not sent again. */
      readonly earlierAttempt?: boolean;
    }
  | { readonly sent: false; readonly reason: string };

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
  /** Where the raw message is stored (`s3://bucket/key`), for replays and for people. */
  readonly rawMessage?: string;
  /** Set when an admin replayed the message (`npm run replay`). */
  readonly replay?: boolean;
  /** Mail no person wrote (a bounce, an auto-reply, bulk mail): never answered, see automatic-mail.ts. */
  readonly automatic?: { readonly kind: string; readonly reason: string };
  /** Set when an admin released the message from quarantine (`npm run release`). */
  readonly released?: { readonly at: string; readonly by?: string };
  /** Set when an admin reviewed a quarantined message and discarded it (`npm run console`): nothing is uploaded, the raw mail stays. */
  readonly discarded?: { readonly at: string; readonly by?: string };
  /** The reply to the sender, once the outcome is final and replies are set up. */
  readonly reply?: ReplyReport;
}
