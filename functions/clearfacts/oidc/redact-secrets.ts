import { quoteBody, redactToken } from '../redact-token';

/** Redacts every given secret (tokens, client secret, code, verifier), longest first. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const present = secrets.filter((secret): secret is string => secret !== undefined && secret.length >= 4);
  // Longest first, so a secret that contains another is removed whole.
  return [...present].sort((a, b) => b.length - a.length).reduce(redactToken, redactToken(text, undefined));
}

/** A server's text as an error may quote it: every secret redacted, one line, trimmed. */
export function quoteRedacted(text: string, secrets: readonly (string | undefined)[]): string {
  return quoteBody(redactSecrets(text, secrets), undefined);
}
