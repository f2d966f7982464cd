import { SecretError } from '../shared/errors';
import {
  looksLikeOidcCredentials,
  type OidcCredentials,
  oidcCredentialsSchema,
} from './oidc/oidc-credentials';

/** What the secret holds: a personal access token, or OpenID Connect credentials that need refreshing. */
export type TokenSecret =
  | { readonly kind: 'personal'; readonly token: string }
  | { readonly kind: 'oidc'; readonly credentials: OidcCredentials };

/**
 * Reads the secret's value: the bare token, JSON `{"token": "..."}`, or the OIDC JSON
 * `{clientId, clientSecret, accessToken, refreshToken, expiresAt, issuer}` that `token login` stores.
 * A value already parsed into an object (a test's, or a local file's) is taken as it is.
 */
export function parseTokenSecret(value: unknown): TokenSecret {
  const parsed = typeof value === 'string' ? tryParseJson(value) : value;
  if (looksLikeOidcCredentials(parsed)) {
    const result = oidcCredentialsSchema.safeParse(parsed);
    if (!result.success) {
      // Name the fields only: zod's messages may quote the values, and they are secrets.
      const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.')))].join(', ');
      throw new SecretError(
        `The Clearfacts secret holds incomplete OIDC credentials (check ${fields}): run "token login" again`,
      );
    }
    return { kind: 'oidc', credentials: result.data };
  }
  const token =
    typeof parsed === 'string'
      ? parsed
      : typeof parsed === 'object' && parsed !== null && 'token' in parsed
        ? (parsed as { token: unknown }).token
        : undefined;
  if (typeof token !== 'string' || token.trim() === '') {
    // Never echo the value: it is a secret even when malformed.
    throw new SecretError(
      'The Clearfacts secret holds no token: store the bare token, {"token": "..."} or the OIDC credentials of "token login"',
    );
  }
  return { kind: 'personal', token: token.trim() };
}

/** The bearer token as stored, without refreshing (the Lambda refreshes OIDC tokens through `TokenRefresher`). */
export function tokenFromSecret(value: unknown): string {
  const secret = parseTokenSecret(value);
  return secret.kind === 'personal' ? secret.token : secret.credentials.accessToken;
}

/** The secret value `token set` stores for a personal access token. */
export function personalTokenSecret(token: string): string {
  return JSON.stringify({ token });
}

/** The secret value for OIDC credentials. */
export function oidcSecret(credentials: OidcCredentials): string {
  return JSON.stringify(credentials);
}

function tryParseJson(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return trimmed;
  try {
    return JSON.parse(trimmed);
  } catch {
    return trimmed;
  }
}
