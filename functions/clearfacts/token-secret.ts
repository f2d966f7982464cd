import { SecretError } from '../shared/errors';

/**
 * Reads the Clearfacts token from the secret's value: the bare token, or JSON `{"token": "..."}`.
 * middy's secrets-manager middleware has already parsed JSON values into objects.
 */
export function tokenFromSecret(value: unknown): string {
  const parsed = typeof value === 'string' ? tryParseJson(value) : value;
  const token =
    typeof parsed === 'string'
      ? parsed
      : typeof parsed === 'object' && parsed !== null && 'token' in parsed
        ? (parsed as { token: unknown }).token
        : undefined;
  if (typeof token !== 'string' || token.trim() === '') {
    // Never echo the value: it is a secret even when malformed.
    throw new SecretError('The Clearfacts secret holds no token: store the bare token or {"token": "..."}');
  }
  return token.trim();
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
