import { inspectInvoiceXml } from '../../documents/invoice-xml';
import { readPdf } from '../../documents/pdf-reader';
import { sniffType } from '../../documents/sniff-type';
import { MAX_DOCUMENT_BYTES } from '../../shared/limits';

/** The formats `uploadFile` takes, as recognised from the bytes. */
export type SandboxFileType = 'pdf' | 'jpeg' | 'invoice-xml';

/** An upload the stand-in accepted, with what it stores beside the file. */
export interface AcceptedUpload {
  readonly companyNumber: string;
  readonly invoiceType: string | null;
  /** For `uploadArchiveFile`: the archive and the category (its id as sent, its name as known). */
  readonly archive?: SandboxArchiveUpload;
  readonly filename: string;
  readonly comment: string | null;
  readonly fileType: SandboxFileType;
  readonly bytes: Uint8Array;
  readonly amountOfPages: number | null;
  /** The `variables` as sent, for the sidecar. */
  readonly variables: Readonly<Record<string, unknown>>;
}

/** Where an archive upload went. */
export interface SandboxArchiveUpload {
  readonly type: 'VARIOUS' | 'PERMANENT';
  readonly categoryId: string;
  readonly categoryName: string;
}

/** What a file is, or why Clearfacts would not take it. */
export type FileCheck =
  | { readonly accepted: true; readonly fileType: SandboxFileType; readonly pages: number | null }
  | { readonly accepted: false; readonly reason: string };

/**
 * Only PDF, JPEG and invoice XML (by their bytes, not their names) up to 20 MB are taken, as
 * Clearfacts' upload page documents; a PDF that needs a password to open is refused like its mail
 * intake refuses password-protected PDFs (owner-only restrictions open in any reader: accepted).
 */
export async function checkUploadedFile(bytes: Uint8Array): Promise<FileCheck> {
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    return refuse(`The file is too large (${bytes.length} bytes, at most ${MAX_DOCUMENT_BYTES}).`);
  }
  const content = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const detected = sniffType(content);
  if (detected === 'pdf') {
    if (content.includes('/Encrypt')) {
      const reading = await readPdf(content);
      if (reading.outcome === 'needs-password') return refuse('The PDF is password protected.');
      if (reading.outcome === 'unreadable') return refuse('The PDF cannot be read.');
      return { accepted: true, fileType: 'pdf', pages: reading.pages };
    }
    const pages = content.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;
    return { accepted: true, fileType: 'pdf', pages: Math.max(1, pages) };
  }
  if (detected === 'jpeg') return { accepted: true, fileType: 'jpeg', pages: 1 };
  if (detected === 'xml' || detected === 'invoice-xml') {
    const verdict = inspectInvoiceXml(content);
    if (verdict.invoice) return { accepted: true, fileType: 'invoice-xml', pages: null };
    return refuse(
      `Unsupported XML: ${verdict.reason}. Only Peppol BIS 3, UBL.BE and e-FFF invoices are accepted.`,
    );
  }
  return refuse(`Unsupported file type (${detected}): only PDF, JPEG and invoice XML are accepted.`);
}

function refuse(reason: string): FileCheck {
  return { accepted: false, reason };
}
