import { IngestError } from '../shared/errors';

/**
 * A container (ZIP, winmail.dat, .msg) that cannot be opened: corrupt, encrypted or over a
 * limit. The message says which, for the report. Permanent: the same bytes fail the same way.
 */
export class UnpackError extends IngestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'permanent', options);
    this.name = 'UnpackError';
  }
}
