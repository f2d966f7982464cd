import { normaliseCompanyNumber } from '../config/company-number';
import { inspectInvoiceXml } from '../documents/invoice-xml';
import { sniffType } from '../documents/sniff-type';
import { MAX_DOCUMENT_BYTES } from '../shared/limits';
import type { GraphqlBody } from './graphql-body';

/** The formats `uploadFile` takes, as recognised from the bytes. */
export type SandboxFileType = 'pdf' | 'jpeg' | 'invoice-xml';

/** An upload the sandbox accepted, with what it stores beside the file. */
export interface AcceptedUpload {
  readonly companyNumber: string;
  readonly invoiceType: string | null;
  readonly filename: string;
  readonly comment: string | null;
  readonly fileType: SandboxFileType;
  readonly bytes: Uint8Array;
  readonly amountOfPages: number | null;
  /** The `variables` as sent, for the sidecar. */
  readonly variables: Readonly<Record<string, unknown>>;
}

/** An HTTP answer: status and JSON body. */
export interface SandboxAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** Either an upload to store, or the answer that refuses it. */
export type UploadCheck =
  | { readonly accepted: true; readonly upload: AcceptedUpload }
  | { readonly accepted: false; readonly answer: SandboxAnswer };

const INVOICE_TYPES = new Set(['PURCHASE', 'SALE']);

/** A GraphQL error with HTTP 200 and `data.uploadFile` null, as Clearfacts reports failed uploads. */
export function graphqlError(message: string, field = 'uploadFile'): SandboxAnswer {
  return {
    status: 200,
    body: { errors: [{ message, extensions: { category: 'user' } }], data: { [field]: null } },
  };
}

/**
 * Checks an `uploadFile` request the way the real API is documented and reported to: `tags`
 * makes it fail with a 500, the variables must be valid, and only PDF, JPEG and invoice XML
 * (by their bytes, not their names) up to 20 MB are taken.
 */
export function checkUpload(request: GraphqlBody): UploadCheck {
  const variables = request.variables ?? {};
  if (variables.tags !== undefined) {
    return refuse({ status: 500, body: { errors: [{ message: 'Internal server error' }] } });
  }
  const { filename, invoicetype, comment } = variables;
  if (typeof filename !== 'string' || filename.trim() === '') {
    return refuse(graphqlError('Variable "$filename" of required type "String!" was not provided.'));
  }
  // `vatnumber` is the deprecated name the public examples still use.
  const given = variables.companyNumber ?? variables.vatnumber;
  const companyNumber = typeof given === 'string' ? normaliseCompanyNumber(given) : undefined;
  if (companyNumber === undefined) {
    return refuse(graphqlError(`Invalid company number: ${JSON.stringify(given ?? null)}`));
  }
  if (invoicetype !== undefined && invoicetype !== null && !INVOICE_TYPES.has(String(invoicetype))) {
    return refuse(
      graphqlError(
        `Variable "$invoicetype" got invalid value ${JSON.stringify(invoicetype)}; expected PURCHASE or SALE.`,
      ),
    );
  }
  if (request.file === undefined)
    return refuse(graphqlError('No file was uploaded (expected a "file" part).'));
  const bytes = request.file.bytes;
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    return refuse(
      graphqlError(`The file is too large (${bytes.length} bytes, at most ${MAX_DOCUMENT_BYTES}).`),
    );
  }
  const type = fileTypeOf(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  if (typeof type !== 'object') return refuse(graphqlError(type));
  return {
    accepted: true,
    upload: {
      companyNumber,
      invoiceType: typeof invoicetype === 'string' ? invoicetype : null,
      filename,
      comment: typeof comment === 'string' ? comment : null,
      fileType: type.fileType,
      bytes,
      amountOfPages: type.pages,
      variables,
    },
  };
}

/** The accepted type and page count, or why the file is refused. */
function fileTypeOf(content: Buffer): { fileType: SandboxFileType; pages: number | null } | string {
  const detected = sniffType(content);
  if (detected === 'pdf') {
    // Clearfacts refuses password-protected PDFs: it cannot read them.
    if (content.includes('/Encrypt')) return 'The PDF is password protected.';
    const pages = content.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;
    return { fileType: 'pdf', pages: Math.max(1, pages) };
  }
  if (detected === 'jpeg') return { fileType: 'jpeg', pages: 1 };
  if (detected === 'xml' || detected === 'invoice-xml') {
    const verdict = inspectInvoiceXml(content);
    if (verdict.invoice) return { fileType: 'invoice-xml', pages: null };
    return `Unsupported XML: ${verdict.reason}. Only Peppol BIS 3, UBL.BE and e-FFF invoices are accepted.`;
  }
  return `Unsupported file type (${detected}): only PDF, JPEG and invoice XML are accepted.`;
}

function refuse(answer: SandboxAnswer): UploadCheck {
  return { accepted: false, answer };
}
