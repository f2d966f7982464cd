import type { Readable } from 'node:stream';
import { type ParsedMail, type SimpleParserOptions, simpleParser } from 'mailparser';
import { InvalidInputError } from '../shared/errors';

/** mailparser options for picking documents: keep what the decisions need, skip the rest of the work. */
const PARSER_OPTIONS: SimpleParserOptions = {
  // `cid:` references stay in the HTML so we can tell which images the body shows; by default
  // they would be replaced with base64 `data:` URLs, copying every inline image into a string.
  keepCidLinks: true,
  skipImageLinks: true,
  // Nobody reads a text rendering of the HTML, or an HTML rendering of the text.
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  // Every forwarded `message/rfc822` part stays an attachment, so `extractDocuments` opens it
  // itself: with a depth bound and an origin naming the forward. By default mailparser inlines
  // the ones marked `inline` into the outer message and their attachments lose that origin.
  ignoreEmbedded: true,
  // We hash with sha256 ourselves; mailparser's md5 would be wasted work (and fails under FIPS).
  checksumAlgo: false,
};

/**
 * Parses a raw RFC 5322 message (a buffer, or a stream such as an S3 body). A message the
 * parser cannot read becomes an `InvalidInputError` (permanent: retrying cannot help); an
 * error from the source stream itself is rethrown as it is, so storage failures stay retryable.
 */
export async function parseMessage(source: Buffer | Readable): Promise<ParsedMail> {
  let sourceError: unknown;
  if (!Buffer.isBuffer(source)) {
    source.once('error', (error) => {
      sourceError = error;
    });
  }
  try {
    return await simpleParser(source, PARSER_OPTIONS);
  } catch (error) {
    if (sourceError !== undefined) throw sourceError;
    throw new InvalidInputError(`The message could not be parsed: ${describe(error)}`, { cause: error });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
