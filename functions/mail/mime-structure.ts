import libmime from 'libmime';
import { InvalidInputError } from '../shared/errors';
import { MAX_HEADER_BYTES, MAX_MESSAGE_BYTES, MAX_MIME_DEPTH } from '../shared/limits';

/**
 * Body lines longer than this are not read as boundary delimiters. A boundary has at most 70
 * characters (RFC 2046) and a delimiter line fits a header line (998); a longer line is content.
 */
const MAX_DELIMITER_LINE = 4 * 1024;

const DASH = 0x2d;
const LINE_FEED = 0x0a;
/** A line break followed by "-": where a delimiter line may start. */
const LINE_THEN_DASH = Buffer.from('\n-', 'latin1');

/** A raw message over one of the limits: permanent, the reason names the limit. */
export class MessageLimitError extends InvalidInputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MessageLimitError';
  }
}

/**
 * Follows a raw message's multipart structure as its bytes go by, without parsing it: header
 * blocks are read for their `Content-Type` boundary, delimiter lines open and close parts. It
 * throws a `MessageLimitError` as soon as the message nests deeper than `MAX_MIME_DEPTH` or grows
 * past `MAX_MESSAGE_BYTES`, so a crafted message is refused before the parser spends time on it.
 * Forwarded messages (`message/rfc822`) are content here, as they are to `parseMessage`.
 */
export class MimeStructureCheck {
  private bytes = 0;
  private readonly boundaries: string[] = [];
  private inHeader = true;
  private contentType: string | undefined;
  private readingContentType = false;
  private line = '';
  private lineTooLong = false;
  /** In a body, the rest of the current line can be passed over: it does not start with "-". */
  private skippingLine = false;
  /** The deepest multipart nesting seen so far. */
  deepest = 0;

  /** Reads the next bytes of the message. */
  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.bytes > MAX_MESSAGE_BYTES) {
      throw new MessageLimitError(
        `The message is larger than ${MAX_MESSAGE_BYTES / (1024 * 1024)} MB, the most SES accepts`,
      );
    }
    // The bytes are searched where they are; only the lines read (headers, delimiter candidates)
    // become text. Turning every chunk into a string first cost as much as decoding the message.
    let start = 0;
    while (start < chunk.length) {
      if (!this.inHeader && this.line === '' && !this.lineTooLong) {
        // In a body only delimiter lines ("--boundary") matter, and base64 bodies are millions of
        // short lines: jump to the next line that starts with "-" instead of reading each one.
        if (this.skippingLine || chunk[start] !== DASH) {
          const next = chunk.indexOf(LINE_THEN_DASH, start);
          if (next < 0) {
            this.skippingLine = chunk[chunk.length - 1] !== LINE_FEED;
            return;
          }
          this.skippingLine = false;
          start = next + 1;
          continue;
        }
      }
      const end = chunk.indexOf(LINE_FEED, start);
      if (end < 0) break;
      this.append(chunk, start, end);
      this.endLine();
      start = end + 1;
    }
    this.append(chunk, start, chunk.length);
  }

  /** Reads the end of the message (a last line without a line break). */
  end(): void {
    this.skippingLine = false;
    if (this.line !== '' || this.lineTooLong) this.endLine();
  }

  /** Adds `chunk[start, end)` to the current line, as latin1 text (one character per byte). */
  private append(chunk: Buffer, start: number, end: number): void {
    if (this.lineTooLong || end <= start) return;
    // A header line may be as long as a header block; in a body only a delimiter line matters.
    const limit = this.inHeader ? MAX_HEADER_BYTES : MAX_DELIMITER_LINE;
    if (this.line.length + (end - start) > limit) {
      this.lineTooLong = true;
      this.line = '';
    } else {
      // latin1 maps every byte to one character, so boundaries and header names read as ASCII.
      this.line += chunk.toString('latin1', start, end);
    }
  }

  private endLine(): void {
    const line = this.line.endsWith('\r') ? this.line.slice(0, -1) : this.line;
    const tooLong = this.lineTooLong;
    this.line = '';
    this.lineTooLong = false;
    if (tooLong) {
      this.readingContentType = false;
      return;
    }
    if (this.boundaries.length > 0 && line.startsWith('--') && this.delimiter(line)) return;
    if (this.inHeader) this.headerLine(line);
  }

  /** Handles `--boundary` (a part starts) and `--boundary--` (a multipart ends) of any open multipart. */
  private delimiter(line: string): boolean {
    for (let level = this.boundaries.length - 1; level >= 0; level -= 1) {
      const boundary = this.boundaries[level] as string;
      if (!line.startsWith(boundary, 2)) continue;
      const rest = line.slice(2 + boundary.length);
      if (/^[ \t]*$/.test(rest)) {
        // A new part of this multipart: the parts nested in the previous one have ended.
        this.boundaries.length = level + 1;
        this.startHeader();
        return true;
      }
      if (/^--[ \t]*$/.test(rest)) {
        this.boundaries.length = level;
        this.inHeader = false;
        return true;
      }
    }
    return false;
  }

  private startHeader(): void {
    this.inHeader = true;
    this.contentType = undefined;
    this.readingContentType = false;
  }

  private headerLine(line: string): void {
    if (line === '') {
      this.inHeader = false;
      this.readingContentType = false;
      this.openMultipart(this.contentType);
      return;
    }
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (this.readingContentType) this.contentType = `${this.contentType ?? ''} ${line.trim()}`;
      return;
    }
    // The first Content-Type counts, as it does for the parser.
    this.readingContentType = this.contentType === undefined && /^content-type[ \t]*:/i.test(line);
    if (this.readingContentType) this.contentType = line.slice(line.indexOf(':') + 1).trim();
  }

  private openMultipart(contentType: string | undefined): void {
    if (contentType === undefined || !/^multipart\//i.test(contentType)) return;
    // libmime is what mailparser reads parameters with, so RFC 2231 forms (`boundary*=utf-8''…`,
    // `boundary*0=…; boundary*1=…`) open a level here exactly when they open one for the parser.
    const boundary = libmime.parseHeaderValue(contentType).params.boundary;
    if (boundary === undefined || boundary === '') return;
    this.boundaries.push(boundary);
    this.deepest = Math.max(this.deepest, this.boundaries.length);
    if (this.boundaries.length > MAX_MIME_DEPTH) {
      throw new MessageLimitError(
        `The message nests multipart parts more than ${MAX_MIME_DEPTH} levels deep; real mail nests a few`,
      );
    }
  }
}
