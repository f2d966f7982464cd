import type { DocumentReport, MessageReport, UploadReport } from '../reports/message-report';

/** What a sender is told about one of their documents, in one word. */
export type DocumentFate =
  /** Clearfacts has it now. */
  | 'delivered'
  /** The same file reached the same administration from an earlier message: not sent twice. */
  | 'already-received'
  /** Delivered, and marked as possibly the same invoice as one received before in other bytes. */
  | 'possible-duplicate'
  /** Delivered again after an earlier upload got no answer (`possibleRepeat`): it may be there twice. */
  | 'possible-repeat'
  | 'password-protected'
  | 'too-large'
  /** Over the documents-per-message limit: the rest must come in another message. */
  | 'too-many'
  /** Empty, truncated or corrupt: it cannot be read. */
  | 'damaged'
  /** A file type Clearfacts does not take. */
  | 'unsupported'
  /** Clearfacts refused the upload for good. */
  | 'refused';

/** One document as the reply lists it. */
export interface ReplyDocument {
  /** The name the sender gave it. */
  readonly name: string;
  readonly fate: DocumentFate;
  /** Pages as Clearfacts counted them, when it said. */
  readonly pages?: number;
}

/** Fates the reply counts as "not delivered". */
export const PROBLEM_FATES: ReadonlySet<DocumentFate> = new Set([
  'password-protected',
  'too-large',
  'too-many',
  'damaged',
  'unsupported',
  'refused',
]);

/**
 * A skip reason (written for admins by functions/documents/ and functions/unpack/) as a sender
 * problem, or `undefined` for what is not worth a word to them: logos, signatures, calendar
 * invitations, containers whose files are listed, duplicates within the message, an XML that is
 * not an invoice. The reasons are matched by their opening words, in this one tested place.
 */
export function fateOfSkip(reason: string): DocumentFate | undefined {
  if (/password-protected|encrypted/i.test(reason)) return 'password-protected';
  if (/^larger than the|unpacks to .* over the limit/i.test(reason)) return 'too-large';
  if (/^over the limit of \d+ documents|files unpacked per message/i.test(reason)) return 'too-many';
  if (/nested too deep/i.test(reason)) return 'unsupported';
  if (
    /^empty file$|truncated|corrupt|could not be (converted|read)|not opened|holds no files|conversion did not/i.test(
      reason,
    )
  ) {
    return 'damaged';
  }
  if (/not a format Clearfacts accepts|unrecognised file type/i.test(reason)) return 'unsupported';
  return undefined;
}

/** Every document of the report the sender should hear about, in the report's order. */
export function replyDocuments(report: MessageReport): ReplyDocument[] {
  const documents: ReplyDocument[] = [];
  for (const document of report.documents) {
    const name = document.originalFilename ?? document.filename;
    // A skipped PDF with uploads was sent in place of its invoice XML, which Clearfacts refused.
    const fate =
      document.decision === 'skip' && uploadsOf(document, report).length === 0
        ? fateOfSkip(document.reason ?? '')
        : uploadFate(document, report);
    if (fate === undefined) continue;
    const pages = fate === 'delivered' ? pagesOf(document, report) : undefined;
    documents.push({ name, fate, ...(pages === undefined ? {} : { pages }) });
  }
  return documents;
}

/** A document picked for upload: its fate across the mailboxes that took it (none: held by the policy). */
function uploadFate(document: DocumentReport, report: MessageReport): DocumentFate | undefined {
  // An invoice XML refused for good whose PDF went instead: the sender hears about the PDF.
  const uploads = uploadsOf(document, report).filter((upload) => upload.replacedBy === undefined);
  if (uploads.length === 0) return undefined;
  if (uploads.some((upload) => upload.status === 'failed')) return 'refused';
  if (uploads.every((upload) => upload.status === 'duplicate')) return 'already-received';
  if (uploads.some((upload) => upload.status === 'uploaded' && upload.repeatOf !== undefined)) {
    return 'possible-duplicate';
  }
  if (uploads.some((upload) => upload.status === 'uploaded' && upload.possibleRepeat === true)) {
    return 'possible-repeat';
  }
  return 'delivered';
}

function pagesOf(document: DocumentReport, report: MessageReport): number | undefined {
  const pages = uploadsOf(document, report).find((upload) => typeof upload.pages === 'number')?.pages;
  return pages ?? undefined;
}

function uploadsOf(document: DocumentReport, report: MessageReport): UploadReport[] {
  return report.deliveries.flatMap((delivery) =>
    delivery.uploads.filter(
      (upload) => upload.sha256 === document.sha256 && upload.filename === document.filename,
    ),
  );
}
