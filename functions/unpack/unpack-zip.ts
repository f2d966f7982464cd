import type { Readable } from 'node:stream';
import type * as Yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { commonJsExports } from '../shared/common-js';
import { isArchiveJunk, isOfficeDocument } from './archive-junk';
import type { UnpackBudget } from './unpack-budget';
import { UnpackError } from './unpack-error';
import { MAX_COMPRESSION_RATIO, RATIO_EXEMPT_BYTES } from './unpack-limits';
import type { UnpackedFile } from './unpacked-file';

/** Compression methods mail clients and desktops write: stored (0) and deflate (8). */
const SUPPORTED_METHODS = new Set([0, 8]);

/**
 * Lists the files of a ZIP archive, nested folders included, without desktop junk. Every limit
 * is checked against the central directory before anything is inflated (file count, declared
 * total size, each entry's compression ratio), and inflating stops as soon as an entry holds
 * more than it declared: headers can lie, the bytes cannot.
 */
export async function unpackZip(content: Buffer, budget: UnpackBudget): Promise<UnpackedFile[]> {
  const yauzl = commonJsExports<typeof Yauzl>(await import('yauzl'));
  const zip = await open(yauzl, content);
  try {
    budget.checkFiles(zip.entryCount);
    const entries = (await readDirectory(zip)).map((entry) => ({ entry, path: pathOf(yauzl, entry) }));
    if (isOfficeDocument(entries.map(({ path }) => path))) {
      throw new UnpackError(
        'it is an Office document (Word, Excel or OpenDocument), not an archive of files',
      );
    }
    const wanted = entries.filter(({ path }) => !isArchiveJunk(path));
    for (const { entry, path } of wanted) checkEntry(entry, path);
    budget.claim(
      wanted.length,
      wanted.reduce((total, { entry }) => total + entry.uncompressedSize, 0),
    );
    const files: UnpackedFile[] = [];
    for (const { entry, path } of wanted)
      files.push({ name: path, content: await inflate(zip, entry, path) });
    return files;
  } finally {
    zip.close();
  }
}

function open(yauzl: typeof Yauzl, content: Buffer): Promise<ZipFile> {
  // Names are decoded by `pathOf`: yauzl's own decoding rejects the whole archive over one odd name.
  // Sizes are checked by `inflate`, which names the entry and the limit rather than a stream error.
  const options = {
    lazyEntries: true,
    decodeStrings: false,
    validateEntrySizes: false,
    strictFileNames: false,
  };
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(content, options, (error, zip) => {
      if (error) reject(unreadable(error));
      else resolve(zip);
    });
  });
}

/** Reads the central directory only: names, sizes and flags, no file data. */
function readDirectory(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', (error: unknown) => reject(unreadable(error)));
    zip.readEntry();
  });
}

/** The entry's path: UTF-8 when flagged (or given in the Info-ZIP unicode field), else IBM code page 437. */
function pathOf(yauzl: typeof Yauzl, entry: Entry): string {
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
}

function checkEntry(entry: Entry, path: string): void {
  if (entry.isEncrypted())
    throw new UnpackError(`it is password-protected ("${path}"); needs manual handling`);
  if (!SUPPORTED_METHODS.has(entry.compressionMethod)) {
    throw new UnpackError(
      `"${path}" uses compression method ${entry.compressionMethod}, which is not supported`,
    );
  }
  const { uncompressedSize, compressedSize } = entry;
  if (uncompressedSize >= RATIO_EXEMPT_BYTES && uncompressedSize > compressedSize * MAX_COMPRESSION_RATIO) {
    const ratio = Math.round(uncompressedSize / Math.max(compressedSize, 1));
    throw new UnpackError(
      `"${path}" would expand ${ratio} times, over the compression ratio limit of ${MAX_COMPRESSION_RATIO} (a zip bomb)`,
    );
  }
}

/** Inflates one entry, stopping at the first byte past its declared size. */
async function inflate(zip: ZipFile, entry: Entry, path: string): Promise<Buffer> {
  const stream = await new Promise<Readable>((resolve, reject) => {
    zip.openReadStream(entry, (error, opened) => (error ? reject(unreadable(error)) : resolve(opened)));
  });
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > entry.uncompressedSize) break;
      chunks.push(chunk);
    }
  } catch (error) {
    throw unreadable(error);
  } finally {
    stream.destroy();
  }
  if (size > entry.uncompressedSize) {
    throw new UnpackError(
      `"${path}" holds more than the ${entry.uncompressedSize} bytes it declares (a zip bomb)`,
    );
  }
  if (size < entry.uncompressedSize) {
    throw new UnpackError(`it is corrupt or truncated ("${path}" holds fewer bytes than it declares)`);
  }
  return Buffer.concat(chunks, size);
}

function unreadable(error: unknown): UnpackError {
  const detail = error instanceof Error ? error.message : String(error);
  return new UnpackError(`it is corrupt or truncated (${detail})`, { cause: error });
}
