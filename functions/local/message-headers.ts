import type { AddressObject } from 'mailparser';
import { simpleParser } from 'mailparser';

/**
 * How much of a message's start is kept to read its header block. SES puts the headers in the
 * notification too; a header block longer than this is reported as truncated, like SES does.
 */
export const HEADER_BLOCK_BYTES = 64 * 1024;

/** One header line as SES lists it: the name as written, the value unfolded. */
export interface MailHeader {
  readonly name: string;
  readonly value: string;
}

/** SES's `commonHeaders`: the headers people look at, addresses as lists of strings. */
export interface CommonHeaders {
  readonly returnPath?: string;
  readonly from?: readonly string[];
  readonly date?: string;
  readonly to?: readonly string[];
  readonly cc?: readonly string[];
  readonly messageId?: string;
  readonly subject?: string;
}

/** The header part of an SES notification's `mail` object. */
export interface HeaderSummary {
  readonly headersTruncated: boolean;
  readonly headers: readonly MailHeader[];
  readonly commonHeaders: CommonHeaders;
}

/** Where the header block ends (the first empty line), or -1 when it is not in `head`. */
export function headerBlockEnd(head: Buffer): number {
  const crlf = head.indexOf('\r\n\r\n');
  const lf = head.indexOf('\n\n');
  if (crlf < 0) return lf < 0 ? -1 : lf + 2;
  return lf < 0 || crlf < lf ? crlf + 4 : lf + 2;
}

/** Reads the headers from the start of a raw message (`head` holds at most `HEADER_BLOCK_BYTES`). */
export async function summariseHeaders(head: Buffer): Promise<HeaderSummary> {
  const end = headerBlockEnd(head);
  const truncated = end < 0;
  // Without the end of the block, keep whole lines only: a cut header would read as a wrong value.
  const block = truncated ? head.subarray(0, head.lastIndexOf('\n') + 1) : head.subarray(0, end);
  const parsed = await simpleParser(Buffer.concat([block, Buffer.from('\r\n')]), {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
  const headers = parsed.headerLines.map(({ line }) => {
    const colon = line.indexOf(':');
    return {
      name: line.slice(0, colon),
      value: line
        .slice(colon + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim(),
    };
  });
  const raw = (name: string): string | undefined =>
    headers.find((header) => header.name.toLowerCase() === name)?.value;
  const returnPath = raw('return-path')?.replace(/^<|>$/g, '');
  const common: CommonHeaders = {
    ...(returnPath === undefined ? {} : { returnPath }),
    ...addressList('from', parsed.from),
    ...(raw('date') === undefined ? {} : { date: raw('date') }),
    ...addressList('to', parsed.to),
    ...addressList('cc', parsed.cc),
    ...(parsed.messageId === undefined ? {} : { messageId: parsed.messageId }),
    ...(parsed.subject === undefined ? {} : { subject: parsed.subject }),
  };
  return { headersTruncated: truncated, headers, commonHeaders: common };
}

/** `["Supplier BV <billing@supplier.example.be>"]`, group members flattened, as SES writes them. */
function addressList(
  key: 'from' | 'to' | 'cc',
  value: AddressObject | AddressObject[] | undefined,
): Partial<Record<typeof key, string[]>> {
  if (value === undefined) return {};
  const entries = (Array.isArray(value) ? value : [value]).flatMap((object) =>
    object.value.flatMap((entry) => entry.group ?? [entry]),
  );
  const formatted = entries
    .filter((entry) => entry.address !== undefined && entry.address !== '')
    .map((entry) => (entry.name === '' ? `${entry.address}` : `${entry.name} <${entry.address}>`));
  return formatted.length === 0 ? {} : { [key]: formatted };
}
