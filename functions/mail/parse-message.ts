import { pipeline, type Readable, Transform } from 'node:stream';
import { type ParsedMail, type SimpleParserOptions, simpleParser } from 'mailparser';
import { InvalidInputError } from '../shared/errors';
import { MAX_HEADER_BYTES, MAX_MIME_PARTS } from '../shared/limits';
import { MimeStructureCheck } from './mime-structure';

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
  // The limits of functions/shared/limits.ts, enforced by the parser as it splits the message.
  maxHeadSize: MAX_HEADER_BYTES,
  maxChildNodes: MAX_MIME_PARTS,
};

/**
 * Parses a raw RFC 5322 message (a buffer, or a stream such as an S3 body). A message the
 * parser cannot read, or one over the limits (size, nesting, parts, header size), becomes an
 * `InvalidInputError` (permanent: retrying cannot help) whose message says why; an error from
 * the source stream itself is rethrown as it is, so storage failures stay retryable.
 */
export async function parseMessage(source: Buffer | Readable): Promise<ParsedMail> {
  const structure = new MimeStructureCheck();
  let sourceError: unknown;
  let input: Buffer | Readable;
  if (Buffer.isBuffer(source)) {
    structure.push(source);
    structure.end();
    input = source;
  } else {
    source.once('error', (error) => {
      sourceError = error;
    });
    // pipeline() destroys both streams when either fails: a refused message stops the download too.
    input = pipeline(source, checkedStream(structure), () => undefined);
  }
  try {
    return await simpleParser(input, PARSER_OPTIONS);
  } catch (error) {
    if (sourceError !== undefined) throw sourceError;
    if (error instanceof InvalidInputError) throw error;
    throw new InvalidInputError(`The message could not be parsed: ${describe(error)}`, { cause: error });
  }
}

/** Passes the bytes through unchanged, stopping the stream when the structure check throws. */
function checkedStream(structure: MimeStructureCheck): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        structure.push(chunk);
        done(null, chunk);
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        structure.end();
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

/** The parser's own limit errors (`EMAXLEN`) in the words of our limits; anything else as it says. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if ((error as { code?: unknown }).code !== 'EMAXLEN') return message;
  if (/child nodes/i.test(message)) return `it has more than ${MAX_MIME_PARTS} MIME parts`;
  if (/header size/i.test(message)) {
    return `a header block is larger than ${MAX_HEADER_BYTES / 1024} KB (header size limit)`;
  }
  return message;
}
