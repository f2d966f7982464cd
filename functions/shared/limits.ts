/** SES rejects incoming messages over 40 MB (including headers), so nothing larger can arrive. */
export const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

/** Clearfacts' own email intake refuses messages over 20 MB; we assume the API does the same per file. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/**
 * Documents uploaded from one message. A month of invoices in one ZIP is a few dozen; each
 * upload takes a second or two, so 50 stay well inside the function's timeout and a bulk
 * mistake (a whole archive folder) does not flood the accountant's inbox. The rest are
 * reported, to be sent again in another message.
 */
export const MAX_DOCUMENTS_PER_MESSAGE = 50;

/**
 * Multipart levels one message may nest. Real mail nests three to six (mixed > related >
 * alternative, one more under a signature); Postfix refuses more than 100 (`mime_nesting_limit`).
 * The parser's work grows with the square of the depth, so a crafted message is stopped here,
 * before it is parsed. Forwarded messages count on their own (see `MAX_FORWARD_DEPTH`).
 */
export const MAX_MIME_DEPTH = 32;

/**
 * MIME parts one message may have (each forwarded message counted on its own). Real mail has a
 * few, a newsletter with many pictures a hundred; a thousand is mailparser's own default and
 * matches the files a message's archives may hold (`MAX_UNPACKED_FILES`).
 */
export const MAX_MIME_PARTS = 1000;

/**
 * Header bytes of one MIME part (the message's own header block included). Long relay chains
 * with DKIM and ARC signatures stay under 64 KB; Exchange Online refuses headers over 256 KB.
 */
export const MAX_HEADER_BYTES = 256 * 1024;

// Other limits live beside the code they bound: MAX_FILENAME_BYTES (mail/safe-filename.ts),
// MAX_FORWARD_DEPTH (mail/pick-documents.ts) and the archive limits (unpack/unpack-limits.ts).
