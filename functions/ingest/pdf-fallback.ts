import type { DocumentCandidate } from '../documents/document';
import type { UploadReport } from '../reports/message-report';

/** A PDF sent in place of the invoice XML that represented it, which Clearfacts refused for good. */
export interface PdfFallback {
  /** The refused invoice XML. */
  readonly xml: DocumentCandidate;
  /** The PDF the XML had replaced (`representedBy`), now to be uploaded. */
  readonly pdf: DocumentCandidate & {
    readonly decision: { readonly action: 'upload'; readonly uploadType: 'pdf' };
  };
}

/**
 * The PDFs to send because their invoice XML was refused for good: its upload failed with a
 * permanent error (an answer about the file, not a fault inside Clearfacts, a configuration
 * problem or an answer that never came). The XML was preferred (`preferInvoiceXml`) because it
 * skips recognition; the PDF still carries the invoice, so the invoice lands all the same.
 */
export function pdfFallbacks(
  documents: readonly DocumentCandidate[],
  uploads: readonly UploadReport[],
): PdfFallback[] {
  return documents.flatMap((xml) => {
    if (xml.detectedType !== 'invoice-xml' || !refusedForGood(uploadOf(xml, uploads))) return [];
    return documents.flatMap((pdf) =>
      pdf.representedBy === xml.filename && pdf.detectedType === 'pdf'
        ? [{ xml, pdf: { ...pdf, decision: { action: 'upload', uploadType: 'pdf' } } as PdfFallback['pdf'] }]
        : [],
    );
  });
}

/** The uploads with each refused XML naming the PDFs sent in its place (`replacedBy`). */
export function markReplaced(
  uploads: readonly UploadReport[],
  fallbacks: readonly PdfFallback[],
): UploadReport[] {
  return uploads.map((upload) => {
    const pdfs = fallbacks.filter(({ xml }) => isUploadOf(xml, upload)).map(({ pdf }) => pdf.filename);
    return pdfs.length === 0 ? upload : { ...upload, replacedBy: pdfs };
  });
}

function refusedForGood(upload: UploadReport | undefined): boolean {
  return upload?.status === 'failed' && upload.errorKind === 'permanent' && upload.outcomeUnknown !== true;
}

function uploadOf(document: DocumentCandidate, uploads: readonly UploadReport[]): UploadReport | undefined {
  return uploads.find((upload) => isUploadOf(document, upload));
}

function isUploadOf(document: DocumentCandidate, upload: UploadReport): boolean {
  return upload.filename === document.filename && upload.sha256 === document.sha256;
}
