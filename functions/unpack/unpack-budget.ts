import { UnpackError } from './unpack-error';
import { MAX_UNPACKED_BYTES, MAX_UNPACKED_FILES } from './unpack-limits';

/**
 * What is left of a message's unpacking allowance: files and bytes shared by every container
 * in the message, however deeply nested, so many small archives cannot add up to a bomb.
 */
export class UnpackBudget {
  private filesLeft: number;
  private bytesLeft: number;

  constructor(
    private readonly maxFiles = MAX_UNPACKED_FILES,
    private readonly maxBytes = MAX_UNPACKED_BYTES,
  ) {
    this.filesLeft = maxFiles;
    this.bytesLeft = maxBytes;
  }

  /** Throws an `UnpackError` naming the limit when `files` more files would not fit. */
  checkFiles(files: number): void {
    if (files > this.filesLeft) {
      throw new UnpackError(
        `it holds ${files} files, over the limit of ${this.maxFiles} files unpacked per message${left(this.filesLeft, this.maxFiles, String)}`,
      );
    }
  }

  /** Takes `files` files and `bytes` bytes, or throws an `UnpackError` naming the limit they exceed. */
  claim(files: number, bytes: number): void {
    this.checkFiles(files);
    if (bytes > this.bytesLeft) {
      throw new UnpackError(
        `it unpacks to ${megabytes(bytes)}, over the limit of ${megabytes(this.maxBytes)} unpacked per message${left(this.bytesLeft, this.maxBytes, megabytes)}`,
      );
    }
    this.filesLeft -= files;
    this.bytesLeft -= bytes;
  }
}

/** ` (N left)` once earlier containers used part of the allowance, so the numbers add up for readers. */
function left(remaining: number, max: number, format: (value: number) => string): string {
  return remaining === max ? '' : ` (${format(remaining)} left after the message's other containers)`;
}

/** A size in MB with one decimal, for reasons people read. */
export function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}
