import type { ClearfactsRequestContext } from './clearfacts-errors';
import { clearfactsFailure } from './clearfacts-errors';
import type { GraphqlData } from './graphql-response';
import { cleanComment } from './provenance-comment';
import type { UploadedFile, UploadRequest } from './uploader';

/**
 * The mutation. `companyNumber` replaces the deprecated `vatnumber`. `tags` exists in the schema
 * but is deliberately absent: integrators report the live server answers 500 when it is sent.
 */
export const UPLOAD_FILE_MUTATION = `mutation UploadFile($companyNumber: String, $filename: String!, $invoicetype: InvoiceTypeArgument, $comment: String) {
  uploadFile(companyNumber: $companyNumber, filename: $filename, invoicetype: $invoicetype, comment: $comment) {
    uuid
    name
    amountOfPages
    comment
  }
}`;

/**
 * The multipart body Clearfacts expects: exactly `query`, `variables` (a JSON string) and `file`.
 * Everything "reported" about `uploadFile` lives here and in `readUploadedFile`, to change in one place.
 */
export function buildUploadFileForm(request: UploadRequest): FormData {
  const comment = request.comment === undefined ? '' : cleanComment(request.comment);
  const variables = {
    companyNumber: request.companyNumber,
    filename: request.filename,
    invoicetype: request.invoiceType,
    ...(comment === '' ? {} : { comment }),
  };
  const form = new FormData();
  form.append('query', UPLOAD_FILE_MUTATION);
  form.append('variables', JSON.stringify(variables));
  // A copy: the Blob must not change if the caller reuses its buffer during a retry.
  const bytes = new Uint8Array(request.content);
  form.append('file', new Blob([bytes], { type: request.contentType }), request.filename);
  return form;
}

/** Reads the `File` result; a null `uploadFile` (even without `errors`) is a failed upload. */
export function readUploadedFile(data: GraphqlData, context: ClearfactsRequestContext): UploadedFile {
  const file = data.uploadFile;
  if (typeof file !== 'object' || file === null) {
    throw clearfactsFailure(context, 'permanent', 'answered without a document (data.uploadFile is null)');
  }
  const { uuid, name, amountOfPages, comment } = file as Record<string, unknown>;
  if (typeof uuid !== 'string' || uuid === '') {
    throw clearfactsFailure(
      context,
      'permanent',
      'answered a document without a uuid (no proof of delivery)',
    );
  }
  return {
    uuid,
    name: typeof name === 'string' ? name : '',
    amountOfPages: typeof amountOfPages === 'number' ? amountOfPages : null,
    comment: typeof comment === 'string' ? comment : null,
  };
}
