import { randomUUID } from 'node:crypto';

/** A `multipart/form-data` request body, built once and sent as it is (again on a retry). */
export interface MultipartBody {
  /** The body in order: the form's text, the file's own bytes (not a copy), the closing boundary. */
  readonly parts: readonly Uint8Array[];
  /** Their total size, the request's Content-Length. */
  readonly length: number;
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
 * filenames UTF-8 with CR, LF and `"` percent-escaped; line breaks in values as CRLF), around the
 * file's bytes without copying them. `fetch` with a `FormData`, a Blob or a Buffer copies a file
 * once or several times on its way to the socket: tens of MB of transient memory for a 10 MB scan.
 * The file's bytes must not change while the body is in use (documents are never modified).
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
  const parts = [Buffer.from(head, 'utf8'), file.content, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')];
  return {
    parts,
    length: parts.reduce((total, part) => total + part.byteLength, 0),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** Names and filenames sit in a quoted header parameter: the WHATWG escapes for LF, CR and `"`. */
function escapeQuoted(name: string): string {
  return name.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}
