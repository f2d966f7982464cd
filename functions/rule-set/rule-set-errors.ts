import { IngestError } from '../shared/errors';

/** The account's receiving is set up in a way this stack must not change: an admin decides. */
export class RuleSetConflictError extends IngestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'configuration', options);
    this.name = 'RuleSetConflictError';
  }
}
