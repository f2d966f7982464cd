import { type ErrorKind, IngestError } from '../../shared/errors';

/** What an `OidcError` carries besides its message and kind. */
export interface OidcErrorDetails {
  readonly status?: number;
  /** The OAuth error code the server sent (`invalid_grant`, `invalid_client`, ...). */
  readonly oauthError?: string;
  readonly cause?: unknown;
}

/** A call to the login server (token endpoint, authorization) failed. */
export class OidcError extends IngestError {
  readonly status?: number;
  readonly oauthError?: string;

  constructor(message: string, kind: ErrorKind, details: OidcErrorDetails = {}) {
    super(message, kind, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'OidcError';
    this.status = details.status;
    this.oauthError = details.oauthError;
  }
}

/** The server refused the grant itself: the refresh token (or code) is used, expired or revoked. */
export function isRefusedGrant(error: unknown): boolean {
  return error instanceof OidcError && error.oauthError === 'invalid_grant';
}

/** The refresh token is dead and no other function stored a newer one: someone must sign in again. */
export class RefreshTokenRejectedError extends IngestError {
  constructor(message: string, options?: { cause?: unknown }) {
    // `configuration`: the message waits in the queue, and ClearfactsAuthFailures raises the alarm.
    super(message, 'configuration', options);
    this.name = 'RefreshTokenRejectedError';
  }
}
