import { IngestError } from '../shared/errors';

/** The command line is wrong (a missing flag, a bad value): the CLI prints the message and exits 2. */
export class UsageError extends IngestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'permanent', options);
    this.name = 'UsageError';
  }
}
