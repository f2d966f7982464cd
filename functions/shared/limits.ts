/** SES rejects incoming messages over 40 MB (including headers), so nothing larger can arrive. */
export const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

/** Clearfacts' own email intake refuses messages over 20 MB; we assume the API does the same per file. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
