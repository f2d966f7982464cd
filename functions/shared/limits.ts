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
