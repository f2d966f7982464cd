import '../../shared/zod-english';
import * as z from 'zod/mini';

/** What `token login` stores and the function refreshes: everything needed to get a new access token. */
export interface OidcCredentials {
  /** The OIDC client (the application registered with Clearfacts). */
  readonly clientId: string;
  readonly clientSecret: string;
  /** Sent as the bearer token; lasts an hour. */
  readonly accessToken: string;
  /** Lasts 30 days and is replaced by every refresh. */
  readonly refreshToken: string;
  /** When the access token expires (ISO 8601). */
  readonly expiresAt: string;
  /** The login domain that issued the tokens, e.g. `https://login.clearfacts.be`. */
  readonly issuer: string;
  /** The scopes granted, space-separated, when the token endpoint said. */
  readonly scope?: string;
  /** When these tokens were last obtained from Clearfacts, by `token login` or a refresh (ISO 8601). */
  readonly refreshedAt?: string;
  /**
   * When the stored refresh token was issued (ISO 8601): its 30 days count from here. The same as
   * `refreshedAt` unless a refresh answered without a new refresh token. Absent in credentials
   * stored before these fields existed; the next refresh records both.
   */
  readonly refreshTokenIssuedAt?: string;
}

/** The stored shape, checked field by field. */
export const oidcCredentialsSchema = z.object({
  clientId: z.string().check(z.trim(), z.minLength(1)),
  clientSecret: z.string().check(z.minLength(1)),
  accessToken: z.string().check(z.trim(), z.minLength(1)),
  refreshToken: z.string().check(z.trim(), z.minLength(1)),
  expiresAt: z.iso.datetime({ offset: true }),
  issuer: z.url(),
  scope: z.optional(z.string()),
  refreshedAt: z.optional(z.iso.datetime({ offset: true })),
  refreshTokenIssuedAt: z.optional(z.iso.datetime({ offset: true })),
});

/** Whether a parsed secret is meant to be OIDC credentials (it has a refresh or access token field). */
export function looksLikeOidcCredentials(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && ('refreshToken' in value || 'accessToken' in value);
}

/** Milliseconds since the epoch at which the access token expires. */
export function expiresAtMs(credentials: OidcCredentials): number {
  return Date.parse(credentials.expiresAt);
}

/** Whether the access token is still good for at least `marginMs`. */
export function isFresh(credentials: OidcCredentials, now: Date, marginMs: number): boolean {
  return expiresAtMs(credentials) - marginMs > now.getTime();
}
