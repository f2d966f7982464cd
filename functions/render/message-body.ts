import { convert } from 'html-to-text';
import type { AddressObject, EmailAddress, ParsedMail } from 'mailparser';
import { cleanDisplayText } from '../mail/safe-filename';

/** An image the HTML body shows through a `cid:` link. */
export interface InlineImage {
  readonly contentType: string;
  readonly content: Buffer;
}

/** A message's body and the headers printed above it. */
export interface MessageBody {
  /** The subject, cleaned for display; '' when there is none. */
  readonly subject: string;
  readonly from: string;
  readonly to: string;
  /** The `Date:` header, when it could be read. */
  readonly date?: Date;
  /** The HTML body (with its `cid:` links kept), when the message has one. */
  readonly html?: string;
  /** The plain text body, when the message has one. */
  readonly text?: string;
  /** The images the HTML may show, by lower-case content id. */
  readonly inlineImages: ReadonlyMap<string, InlineImage>;
}

/**
 * HTML bodies larger than this are searched for invoice words only this far: a receipt states
 * what it is near the top, and html-to-text's work grows with its input.
 */
const MAX_SEARCHED_HTML_CHARACTERS = 2 * 1024 * 1024;

/** The body and headers of a message parsed by `parseMessage` (which keeps `cid:` links). */
export function messageBodyOf(parsed: ParsedMail): MessageBody {
  const inlineImages = new Map<string, InlineImage>();
  for (const attachment of parsed.attachments) {
    const cid = attachment.cid?.trim().toLowerCase();
    if (cid === undefined || cid === '' || !attachment.contentType.startsWith('image/')) continue;
    if (!inlineImages.has(cid)) {
      inlineImages.set(cid, { contentType: attachment.contentType, content: attachment.content });
    }
  }
  const html = typeof parsed.html === 'string' && parsed.html.trim() !== '' ? parsed.html : undefined;
  const text = parsed.text !== undefined && parsed.text.trim() !== '' ? parsed.text : undefined;
  return {
    subject: cleanDisplayText(parsed.subject ?? ''),
    from: addressText(parsed.from),
    to: addressText(parsed.to),
    ...(parsed.date === undefined || Number.isNaN(parsed.date.getTime()) ? {} : { date: parsed.date }),
    ...(html === undefined ? {} : { html }),
    ...(text === undefined ? {} : { text }),
    inlineImages,
  };
}

/** Whether the message has a body worth printing at all. */
export function hasBody(body: MessageBody): boolean {
  return body.html !== undefined || body.text !== undefined;
}

/** The words a reader sees in the body (the HTML's text without markup, links or images). */
export function readableText(body: MessageBody): string {
  if (body.html === undefined) return body.text ?? '';
  return convert(body.html, {
    wordwrap: false,
    limits: { maxInputLength: MAX_SEARCHED_HTML_CHARACTERS },
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  });
}

/** `Name <address>` for each address, as people read them (mailparser's `text` quotes the names). */
function addressText(addresses: AddressObject | AddressObject[] | undefined): string {
  const list = Array.isArray(addresses) ? addresses : addresses === undefined ? [] : [addresses];
  return cleanDisplayText(list.flatMap((each) => each.value.map(describeAddress)).join(', '));
}

function describeAddress(address: EmailAddress): string {
  if (address.group !== undefined) return `${address.name}: ${address.group.map(describeAddress).join(', ')}`;
  if (address.name === '') return address.address ?? '';
  return address.address === undefined ? address.name : `${address.name} <${address.address}>`;
}
