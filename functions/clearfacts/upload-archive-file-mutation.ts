import type { ArchiveTarget } from '../config/config-schema';
import { type MultipartBody, multipartBody } from './multipart-body';
import type { UploadRequest } from './uploader';

/**
 * The archive upload as Clearfacts' developer docs give it
 * (https://developer.clearfacts.be/#mutation-upload-archive-file; source: Clearfacts/cf_developer_docs,
 * source/includes/30_3_4_upload_archive_file.html.md): `vatnumber`, `filename`, `type` (`VariousType`:
 * VARIOUS or PERMANENT) and `category` (a category id from `archiveCategories`), all required,
 * multipart like `uploadFile`. The page documents no `companyNumber` and no `comment` for it, so
 * neither is sent: the provenance comment has no place in the archive.
 */
export const UPLOAD_ARCHIVE_FILE_MUTATION = `mutation UploadArchiveFile($vatnumber: String!, $filename: String!, $type: VariousType!, $category: String!) {
  uploadArchiveFile(vatnumber: $vatnumber, filename: $filename, type: $type, category: $category) {
    uuid
    name
    amountOfPages
  }
}`;

/** The multipart body of one archive upload: `query`, `variables` (a JSON string) and `file`. */
export function buildUploadArchiveFileForm(
  request: UploadRequest,
  type: ArchiveTarget['type'],
  categoryId: string,
): MultipartBody {
  const variables = {
    vatnumber: request.companyNumber,
    filename: request.filename,
    type,
    category: categoryId,
  };
  return multipartBody(
    { query: UPLOAD_ARCHIVE_FILE_MUTATION, variables: JSON.stringify(variables) },
    { name: 'file', filename: request.filename, contentType: request.contentType, content: request.content },
  );
}
