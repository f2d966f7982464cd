import type { Readable } from 'node:stream';
import { type ParsedMail, simpleParser } from 'mailparser';
import { MAX_HEADER_BYTES } from '../shared/limits';

/** What a reply needs from the message it answers. */
export type OriginalHeaders = Pick<
  ParsedMail,
  'headerLines' | 'from' | 'subject' | 'messageId' | 'references'
>;

/**
 * Reads only the message's header block (its body may be 40 MB, and was parsed once already) and
 * parses it with the same parser as the pipeline, so the policy's header checks see the same values.
 */
export async function readOriginalHeaders(open: () => Promise<Readable>): Promise<OriginalHeaders> {
  const stream = await open();
  let head = Buffer.alloc(0);
  try {
    for await (const chunk of stream) {
      head = Buffer.concat([head, Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string)]);
      const end = headerEnd(head);
      if (end >= 0 || head.length > MAX_HEADER_BYTES) {
        head = head.subarray(0, end >= 0 ? end : MAX_HEADER_BYTES);
        break;
      }
    }
  } finally {
    stream.destroy();
  }
  return simpleParser(Buffer.concat([head, Buffer.from('\r\n\r\n')]), { skipHtmlToText: true });
}

/** Where the header block ends (the first empty line), or -1. */
function headerEnd(bytes: Buffer): number {
  const ends = [bytes.indexOf('\r\n\r\n'), bytes.indexOf('\n\n')].filter((at) => at >= 0);
  return ends.length === 0 ? -1 : Math.min(...ends);
}
