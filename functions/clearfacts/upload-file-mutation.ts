import { type ClearfactsError, type ClearfactsRequestContext, clearfactsFailure } from './clearfacts-errors';
import type { GraphqlData } from './graphql-response';
import { type MultipartBody, multipartBody } from './multipart-body';
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
export function buildUploadFileForm(request: UploadRequest): MultipartBody {
  const comment = request.comment === undefined ? '' : cleanComment(request.comment);
  const variables = {
    companyNumber: request.companyNumber,
    filename: request.filename,
    invoicetype: request.invoiceType,
    ...(comment === '' ? {} : { comment }),
  };
  // The body holds its own copy of the bytes: a retry sends them unchanged whatever the caller does.
  return multipartBody(
    { query: UPLOAD_FILE_MUTATION, variables: JSON.stringify(variables) },
    { name: 'file', filename: request.filename, contentType: request.contentType, content: request.content },
  );
}

/** The mutations that answer a `File`. */
export type UploadField = 'uploadFile' | 'uploadArchiveFile';

/** Reads the `File` result; a null `uploadFile` (even without `errors`) is a failed upload. */
export function readUploadedFile(
  data: GraphqlData,
  context: ClearfactsRequestContext,
  field: UploadField = 'uploadFile',
): UploadedFile {
  const file = data[field];
  if (typeof file !== 'object' || file === null) {
    throw clearfactsFailure(context, 'permanent', `answered without a document (data.${field} is null)`);
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

/**
 * The `File` that came with GraphQL `errors`, if it has a uuid: Clearfacts stored the document,
 * so it counts as delivered, with the errors as a warning. `undefined` when nothing was stored.
 */
export function uploadedDespiteErrors(
  error: ClearfactsError,
  context: ClearfactsRequestContext,
  field: UploadField = 'uploadFile',
): UploadedFile | undefined {
  const file = error.partialData?.[field];
  if (typeof file !== 'object' || file === null || typeof (file as { uuid?: unknown }).uuid !== 'string') {
    return undefined;
  }
  return { ...readUploadedFile({ [field]: file }, context, field), warning: error.message };
}
