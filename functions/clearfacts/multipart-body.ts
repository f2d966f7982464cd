import { randomUUID } from 'node:crypto';

/** A `multipart/form-data` request body, built once and sent as it is (again on a retry). */
export interface MultipartBody {
  /** A Blob: `fetch` streams it as it is, where it would copy a Buffer first (its size is the Content-Length). */
  readonly blob: Blob;
  /** `multipart/form-data; boundary=…`, for the request's Content-Type header. */
  readonly contentType: string;
}

/** The file part of a form. */
export interface MultipartFile {
  readonly name: string;
  readonly filename: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

/**
 * Serialises text fields and one file the way the WHATWG `FormData` algorithm does (names and
 * filenames UTF-8 with CR, LF and `"` percent-escaped; line breaks in values as CRLF), into one
 * Blob holding a single copy of the file. `fetch` with a `FormData` copies a file several times on
 * its way to the socket (Blob, multipart stream chunks): tens of MB of transient memory for a 10 MB scan.
 */
export function multipartBody(fields: Readonly<Record<string, string>>, file: MultipartFile): MultipartBody {
  // A random boundary cannot occur in the content by chance, like the platform's own.
  const boundary = `----clearfacts-${randomUUID()}`;
  const text = Object.entries(fields)
    .map(
      ([name, value]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(name)}"\r\n\r\n${value.replace(/\r?\n|\r/g, '\r\n')}\r\n`,
    )
    .join('');
  const head =
    `${text}--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(file.name)}"; ` +
    `filename="${escapeQuoted(file.filename)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`;
  return {
    blob: new Blob([head, file.content, `\r\n--${boundary}--\r\n`]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** Names and filenames sit in a quoted header parameter: the WHATWG escapes for LF, CR and `"`. */
function escapeQuoted(name: string): string {
  return name.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}
