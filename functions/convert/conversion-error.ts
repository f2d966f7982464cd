import { IngestError } from '../shared/errors';

/**
 * An image that cannot be converted: corrupt, truncated, of a variant we do not decode, or
 * over a limit. The message says which, for the report. Permanent: the same bytes fail again.
 */
export class ConversionError extends IngestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'permanent', options);
    this.name = 'ConversionError';
  }
}
