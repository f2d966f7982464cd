import type { InlineImage, MessageBody } from './message-body';

/** Clients are Belgian: dates print in their time zone, whatever the sender's clock said. */
export const BODY_TIME_ZONE = 'Europe/Brussels';

/**
 * Nothing the page asks for may load: images only from `data:` URLs (the inline images), styles
 * only inline. A second wall behind the renderer's blocking of every request and disabled scripts.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:";

/**
 * Elements whose opening tag is dropped: `<base>` would point relative links at the sender's
 * server, `<meta http-equiv=refresh>` would navigate away, `<link rel=dns-prefetch|preconnect>`
 * would reach the network without a request the renderer can block, and frames and plugins only
 * ever show remote content.
 */
const DROPPED_TAGS = /<(?:base|meta|link|iframe|frame|frameset|object|embed)\b[^>]*(?:>|$)/gi;

/** `cid:` links as they appear in attributes and CSS `url()`s. */
const CID_LINK = /cid:([^"'\s)>]+)/gi;

/** Content types allowed into a `data:` URL. */
const IMAGE_TYPE = /^image\/[a-z0-9.+-]+$/;

const PAGE_STYLE = `
  html, body { margin: 0; padding: 0; }
  .cf-mail-header { font: 10pt/1.4 'DejaVu Sans', Arial, Helvetica, sans-serif; color: #222;
    border-bottom: 1px solid #888; padding: 0 0 6pt; margin: 0 0 12pt; border-collapse: collapse; width: 100%; }
  .cf-mail-header th { text-align: left; vertical-align: top; padding: 0 10pt 1pt 0; width: 1%; white-space: nowrap; }
  .cf-mail-header td { padding: 0 0 1pt; overflow-wrap: anywhere; }
  .cf-mail-text { font: 10.5pt/1.45 'DejaVu Sans', Arial, Helvetica, sans-serif; white-space: pre-wrap;
    overflow-wrap: anywhere; margin: 0; }
  .cf-mail-body img { max-width: 100%; }
`;

/**
 * The page that is printed: a header block with From, To, Date and Subject, then the HTML body
 * (scripts, `<base>`, `<meta>`, `<link>`, frames and plugins removed; `cid:` images embedded as
 * `data:` URLs), or the plain text body laid out as it was written. Scripts cannot run anyway:
 * the renderer disables JavaScript and blocks every request; this only keeps the page tidy.
 */
export function bodyPage(body: MessageBody): string {
  const content =
    body.html === undefined
      ? `<pre class="cf-mail-text">${escapeHtml(body.text ?? '')}</pre>`
      : embedInlineImages(sanitiseHtml(body.html), body.inlineImages);
  return [
    '<!DOCTYPE html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    `<title>${escapeHtml(body.subject)}</title><style>${PAGE_STYLE}</style></head><body>`,
    headerBlock(body),
    `<div class="cf-mail-body">${content}</div>`,
    '</body></html>',
  ].join('\n');
}

/**
 * How the header block prints a date, in parts (ICU versions join the whole differently). Made on
 * first use: a time-zone-aware format loads ICU's zone data, tens of milliseconds that the ingest
 * function's cold start should not pay for the few messages whose body is printed.
 */
let dateParts: Intl.DateTimeFormat | undefined;

/** The date as printed in the header block: `Friday 20 November 2026, 10:14:02 CET`. */
export function formatBodyDate(date: Date): string {
  dateParts ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: BODY_TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  const parts = dateParts.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((each) => each.type === type)?.value ?? '';
  const time = `${part('hour')}:${part('minute')}:${part('second')}`;
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}, ${time} ${part('timeZoneName')}`;
}

function headerBlock(body: MessageBody): string {
  const rows: [string, string][] = [
    ['From', body.from],
    ['To', body.to],
    ['Date', body.date === undefined ? '' : formatBodyDate(body.date)],
    ['Subject', body.subject],
  ];
  const cells = rows
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `<tr><th>${name}</th><td>${escapeHtml(value)}</td></tr>`);
  return `<table class="cf-mail-header">${cells.join('')}</table>`;
}

/** Removes `<script>` elements with their content, and the opening tags in `DROPPED_TAGS`. */
export function sanitiseHtml(html: string): string {
  return removeScripts(html).replace(DROPPED_TAGS, '');
}

/**
 * Cuts every `<script …>…</script>`; an unclosed one takes the rest of the document, as a
 * browser would. Searches forward only, so a hostile body of many `<script` costs linear time.
 */
function removeScripts(html: string): string {
  const open = /<script\b/gi;
  const close = /<\/script\s*>/gi;
  let kept = '';
  let from = 0;
  for (let start = open.exec(html); start !== null; start = open.exec(html)) {
    kept += html.slice(from, start.index);
    close.lastIndex = start.index;
    const end = close.exec(html);
    from = end === null ? html.length : end.index + end[0].length;
    open.lastIndex = from;
  }
  return kept + html.slice(from);
}

/** Replaces `cid:` links with `data:` URLs of the message's inline images; unknown ones stay (and show nothing). */
function embedInlineImages(html: string, images: ReadonlyMap<string, InlineImage>): string {
  if (images.size === 0) return html;
  return html.replace(CID_LINK, (link: string, id: string) => {
    const image = images.get(decodeCid(id)) ?? images.get(id.toLowerCase());
    const type = image?.contentType.toLowerCase();
    if (image === undefined || type === undefined || !IMAGE_TYPE.test(type)) return link;
    return `data:${type};base64,${image.content.toString('base64')}`;
  });
}

function decodeCid(id: string): string {
  try {
    return decodeURIComponent(id).toLowerCase();
  } catch {
    return id.toLowerCase();
  }
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
