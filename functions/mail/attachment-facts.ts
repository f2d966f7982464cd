import type { Attachment, ParsedMail } from 'mailparser';

/**
 * The content type exactly as the part declared it. mailparser's `contentType` replaces
 * `application/octet-stream` with a guess from the filename, which is not what was declared.
 */
export function declaredContentType(attachment: Attachment): string {
  const header = attachment.headers.get('content-type');
  if (
    typeof header === 'object' &&
    header !== null &&
    'value' in header &&
    typeof header.value === 'string'
  ) {
    return header.value.toLowerCase();
  }
  return attachment.contentType;
}

/**
 * Whether the message's HTML body displays this part: its `cid:` is referenced in the HTML,
 * or it sits in a `multipart/related` part beside the HTML (mailparser's `related`).
 * Needs the `cid:` links kept in the HTML, as `parseMessage` does.
 */
export function isShownInBody(attachment: Attachment, html: ParsedMail['html']): boolean {
  if (attachment.related === true) return true;
  if (attachment.cid === undefined || attachment.cid === '' || typeof html !== 'string') return false;
  const cid = attachment.cid.toLowerCase();
  const body = html.toLowerCase();
  return body.includes(`cid:${cid}`) || body.includes(`cid:${encodeURIComponent(cid).toLowerCase()}`);
}
