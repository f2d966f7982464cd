/**
 * How the pipeline should react to a failure:
 * - `retryable`: try again later (network, 429, 5xx, timeouts);
 * - `configuration`: retry later, but an admin must fix something (401/403, an empty secret);
 * - `permanent`: retrying will not help (bad input, 4xx validation errors).
 */
export type ErrorKind = 'retryable' | 'configuration' | 'permanent';

/** Base class for every error this project throws on purpose. */
export class IngestError extends Error {
  /** Whether and how the failed work may be retried. */
  readonly kind: ErrorKind;

  constructor(message: string, kind: ErrorKind, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IngestError';
    this.kind = kind;
  }
}

/** The admin's configuration or the environment is invalid. */
export class ConfigError extends IngestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'permanent', options);
    this.name = 'ConfigError';
  }
}

/** The Clearfacts secret cannot be read or holds no usable token: an admin must fix it. */
export class SecretError extends IngestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'configuration', options);
    this.name = 'SecretError';
  }
}

/** The incoming event or message is not what the pipeline can process. */
export class InvalidInputError extends IngestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'permanent', options);
    this.name = 'InvalidInputError';
  }
}

/** A storage backend (S3, local files) failed; usually worth a retry. */
export class StorageError extends IngestError {
  constructor(message: string, kind: ErrorKind = 'retryable', options?: { cause?: unknown }) {
    super(message, kind, options);
    this.name = 'StorageError';
  }
}

/** Classifies any thrown value; unknown errors are treated as retryable so nothing is dropped. */
export function errorKindOf(error: unknown): ErrorKind {
  return error instanceof IngestError ? error.kind : 'retryable';
}

/** A one-line description of any thrown value, safe for reports. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
