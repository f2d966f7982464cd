import { textHead } from './text-head';

/**
 * Invoices open their root element within the first few hundred bytes. Looking no further
 * than this bounds time and memory whatever the file holds, and nothing past the root's
 * start tag is needed to tell what the document is.
 */
export const XML_HEAD_BYTES = 64 * 1024;

/** The root element of an XML document, as its start tag declares it. */
export interface XmlRoot {
  /** The name without its prefix, e.g. `Invoice` for `<ubl:Invoice>`. */
  readonly localName: string;
  /** The namespace URI the root's prefix (or the default namespace) is bound to on the root itself. */
  readonly namespace: string | undefined;
}

/** The root element and the decoded head of the document, or why neither could be read. */
export type XmlRootResult = (
  | { readonly ok: true; readonly root: XmlRoot; readonly head: string }
  | { readonly ok: false; readonly reason: string }
) & {
  /** How many bytes were decoded and scanned: the work done, never more than `XML_HEAD_BYTES`. */
  readonly scannedBytes: number;
};

/**
 * Finds the root element by scanning the prolog by hand: XML declaration, comments and
 * processing instructions are skipped; a DOCTYPE is refused outright. Invoices never carry
 * one, and refusing it (rather than parsing it) is what guarantees that no entity is ever
 * expanded (billion laughs) or fetched (XXE), here or by whoever reads the file after us.
 */
export function readXmlRoot(content: Buffer): XmlRootResult {
  // Only this window is decoded and scanned; its length is the work done, which tests measure.
  const window = content.subarray(0, XML_HEAD_BYTES);
  const scannedBytes = window.length;
  const head = textHead(window, scannedBytes);
  const start = rootStart(head);
  if (typeof start === 'string') return { ok: false, reason: start, scannedBytes };
  const end = startTagEnd(head, start);
  if (end < 0) {
    return {
      ok: false,
      reason: `its root start tag does not end within the first ${XML_HEAD_BYTES} bytes`,
      scannedBytes,
    };
  }
  return { ok: true, root: parseStartTag(head.slice(start + 1, end)), head, scannedBytes };
}

/** Index of the root element's `<` after the prolog, or why there is no root element to read. */
function rootStart(head: string): number | string {
  let at = skipWhitespace(head, 0);
  while (head.startsWith('<?', at) || head.startsWith('<!--', at)) {
    const [open, close] = head.startsWith('<?', at) ? ['<?', '?>'] : ['<!--', '-->'];
    const end = head.indexOf(close, at + open.length);
    if (end < 0) return `its prolog does not end within the first ${XML_HEAD_BYTES} bytes`;
    at = skipWhitespace(head, end + close.length);
  }
  if (/^<!DOCTYPE/i.test(head.slice(at, at + 9))) {
    return 'it declares a DOCTYPE, which invoices never do (refused, entities are not expanded)';
  }
  if (head[at] !== '<' || !/[A-Za-z_]/.test(head[at + 1] ?? '')) {
    return 'it is not well-formed (no root element after the prolog)';
  }
  return at;
}

/** Reads the element name and the namespace declarations of a start tag (without `<` and `>`). */
function parseStartTag(tag: string): XmlRoot {
  const nameEnd = tokenEnd(tag, 0);
  const qualifiedName = tag.slice(0, nameEnd);
  const colon = qualifiedName.indexOf(':');
  const prefix = colon < 0 ? undefined : qualifiedName.slice(0, colon);
  const localName = qualifiedName.slice(colon + 1);
  const wanted = prefix === undefined ? 'xmlns' : `xmlns:${prefix}`;
  const namespace = attributes(tag, nameEnd)
    .find(([name]) => name === wanted)?.[1]
    .trim();
  return { localName, namespace };
}

/**
 * The `name="value"` pairs of a start tag, read in one pass: a regular expression here can
 * take quadratic time on a crafted 64 KB tag. Reading stops at the first thing that is not
 * an attribute, which is enough for the namespace declarations on a well-formed root.
 */
function attributes(tag: string, from: number): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  let at = skipWhitespace(tag, from);
  while (at < tag.length) {
    const nameEnd = tokenEnd(tag, at);
    const equals = skipWhitespace(tag, nameEnd);
    const quoteAt = skipWhitespace(tag, equals + 1);
    const quote = tag[quoteAt];
    if (nameEnd === at || tag[equals] !== '=' || (quote !== '"' && quote !== "'")) break;
    const valueEnd = tag.indexOf(quote, quoteAt + 1);
    if (valueEnd < 0) break;
    found.push([tag.slice(at, nameEnd), tag.slice(quoteAt + 1, valueEnd)]);
    at = skipWhitespace(tag, valueEnd + 1);
  }
  return found;
}

/** Index just past a name starting at `from`: up to whitespace, `=`, `/` or `>`. */
function tokenEnd(text: string, from: number): number {
  let index = from;
  while (index < text.length && !/[\s=/>]/.test(text[index] ?? '')) index += 1;
  return index;
}

/** Index of the `>` closing the tag that starts at `from`, skipping quoted attribute values; -1 if none. */
function startTagEnd(text: string, from: number): number {
  let quote: string | undefined;
  for (let index = from + 1; index < text.length; index += 1) {
    const char = text[index];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '>') return index;
  }
  return -1;
}

function skipWhitespace(text: string, from: number): number {
  let index = from;
  while (index < text.length && /\s/.test(text[index] ?? '')) index += 1;
  return index;
}
