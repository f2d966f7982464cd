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

/**
 * The AWS SDK's error when no credentials could be found (`@smithy/property-provider`): the
 * function's environment is wrong, which no retry alone fixes.
 */
const NO_CREDENTIALS_ERROR = 'CredentialsProviderError';

/**
 * How deep a `cause` chain is followed when looking for missing credentials: our errors wrap the
 * SDK's once or twice; the bound keeps a cyclic chain from looping.
 */
const MAX_CAUSE_DEPTH = 8;

/**
 * Classifies any thrown value; unknown errors are treated as retryable so nothing is dropped. A
 * failure caused by missing AWS credentials is a configuration error (retried, an admin must act).
 */
export function errorKindOf(error: unknown): ErrorKind {
  if (causedByMissingCredentials(error)) return 'configuration';
  return error instanceof IngestError ? error.kind : 'retryable';
}

/** Whether `error` or one of its causes is the AWS SDK's "no credentials" error. */
function causedByMissingCredentials(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current instanceof Error; depth++) {
    if (current.name === NO_CREDENTIALS_ERROR) return true;
    current = current.cause;
  }
  return false;
}

/** A one-line description of any thrown value, safe for reports. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
