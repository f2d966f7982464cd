/**
 * The token must never reach an error message, a `cause` chain or a log line (see DESIGN.md):
 * everything a Clearfacts error quotes from the outside world goes through these helpers.
 */

import { secretForms } from './secret-forms';

/** Longest excerpt of a response body an error may quote: enough to diagnose, too short to copy a document. */
export const MAX_QUOTED_BODY_CHARS = 300;

/** What a removed secret is replaced with. */
export const REDACTED = '[redacted]';

/** How deep a `cause` chain is searched; real chains (fetch → undici → socket) are three deep. */
const MAX_CAUSE_DEPTH = 8;

/** Any bearer credential, even one we were not told about (a refreshed token, a stand-in's echo). */
const BEARER_PATTERN = /\b(Bearer)\s+[^\s"',;]+/gi;

/**
 * Replaces every occurrence of the token in any form a server may quote it in (JSON-escaped,
 * URL-encoded, base64: see secret-forms.ts), and anything that looks like a bearer credential.
 */
export function redactToken(text: string, token: string | undefined): string {
  let withoutToken = text;
  for (const form of token ? secretForms(token) : []) withoutToken = withoutToken.split(form).join(REDACTED);
  return withoutToken.replace(BEARER_PATTERN, `$1 ${REDACTED}`);
}

/** A response body as an error may quote it: one line, redacted first, then trimmed. */
export function quoteBody(body: string, token: string | undefined): string {
  // Redact before trimming, so a token cut in two by the trim cannot leak its first half.
  const line = redactToken(body, token).replace(/\s+/g, ' ').trim();
  const trimmed = line.length > MAX_QUOTED_BODY_CHARS ? `${line.slice(0, MAX_QUOTED_BODY_CHARS - 1)}…` : line;
  return JSON.stringify(trimmed);
}

/** The URL without credentials, query or fragment: an admin may paste a URL with a secret in it. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

/** The messages of an error and its causes, outermost first, for a one-line explanation. */
export function causeMessages(error: unknown): string[] {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current !== undefined && current !== null; depth++) {
    messages.push(isErrorLike(current) ? String(current.message) : String(current));
    current = isErrorLike(current) ? current.cause : undefined;
  }
  return messages;
}

/**
 * Keeps a lower-level error as `cause` when it is clean, and replaces it with a redacted copy when
 * anything in it mentions the token (undici, for one, quotes an invalid header value in its message).
 */
export function scrubCause(error: unknown, token: string | undefined): unknown {
  if (!mentionsSecret(error, token, 0)) return error;
  const copy = new Error(redactToken(causeMessages(error).join(': '), token));
  copy.name = isErrorLike(error) && typeof error.name === 'string' ? error.name : 'Error';
  return copy;
}

function mentionsSecret(value: unknown, token: string | undefined, depth: number): boolean {
  if (value === undefined || value === null || depth >= MAX_CAUSE_DEPTH) return false;
  const texts = isErrorLike(value)
    ? [String(value), String(value.message), String(value.stack ?? '')]
    : [safeString(value)];
  if (texts.some((text) => redactToken(text, token) !== text)) return true;
  if (!isErrorLike(value)) return false;
  const nested = Array.isArray(value.errors) ? [...value.errors, value.cause] : [value.cause];
  return nested.some((inner) => mentionsSecret(inner, token, depth + 1));
}

/** An error from any realm: undici's errors fail `instanceof Error` inside Jest's sandbox. */
interface ErrorLike {
  readonly name?: unknown;
  readonly message: unknown;
  readonly stack?: unknown;
  readonly cause?: unknown;
  readonly errors?: unknown;
}

function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null && 'message' in value;
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}
