import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { safeFilename } from '../../mail/safe-filename';
import type { AcceptedUpload, SandboxArchiveUpload } from './upload-file-rules';

/** One stored upload: the file and its sidecar with what was sent beside it. */
export interface StoredUpload {
  readonly uuid: string;
  readonly companyNumber: string;
  readonly invoiceType: string | null;
  /** For an archive upload: the archive and category. */
  readonly archive?: SandboxArchiveUpload;
  readonly filename: string;
  readonly size: number;
  readonly sha256: string;
  readonly receivedAt: string;
  /** The stored file; its sidecar is the same path plus `.json`. */
  readonly path: string;
}

/**
 * Writes an accepted upload as `<root>/<companyNumber>/<timestamp>-<uuid>-<filename>` plus a
 * `.json` sidecar. Never overwrites: every upload is its own file, so a repeat stays visible.
 */
export async function storeUpload(
  root: string,
  upload: AcceptedUpload,
  uuid: string,
  now: Date,
): Promise<StoredUpload> {
  const directory = join(root, upload.companyNumber);
  await mkdir(directory, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  // The filename comes from the client: keep it readable but never let it leave the directory.
  const name = safeFilename(upload.filename, upload.fileType, 1);
  const path = join(directory, `${stamp}-${uuid}-${name}`);
  const stored: StoredUpload = {
    uuid,
    companyNumber: upload.companyNumber,
    invoiceType: upload.invoiceType,
    ...(upload.archive === undefined ? {} : { archive: upload.archive }),
    filename: upload.filename,
    size: upload.bytes.length,
    sha256: createHash('sha256').update(upload.bytes).digest('hex'),
    receivedAt: now.toISOString(),
    path,
  };
  await writeFile(path, upload.bytes, { flag: 'wx' });
  const sidecar = {
    uuid,
    receivedAt: stored.receivedAt,
    variables: upload.variables,
    ...(upload.archive === undefined ? {} : { archive: upload.archive }),
    file: {
      type: upload.fileType,
      size: stored.size,
      sha256: stored.sha256,
      amountOfPages: upload.amountOfPages,
    },
  };
  await writeFile(`${path}.json`, `${JSON.stringify(sidecar, null, 2)}\n`, { flag: 'wx' });
  return stored;
}
