import { readXmlRoot } from '../documents/xml-root';

/**
 * An invoice's identity sits in a dozen short elements; an element path deeper than this is
 * no UBL field we read, and stopping there bounds the path stack on a crafted file.
 */
const MAX_DEPTH = 64;

/** An element whose text was read: its path of local names from the root, attributes and text. */
export interface XmlLeaf {
  /** Local names from the root, joined by `/`: `Invoice/LegalMonetaryTotal/PayableAmount`. */
  readonly path: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly text: string;
}

/** The leaves at the wanted paths, in document order, or why the XML could not be read. */
export type XmlLeavesResult =
  | { readonly ok: true; readonly leaves: readonly XmlLeaf[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads the text of the elements at `wanted` paths in one linear pass. The root is checked by
 * `readXmlRoot` first, which refuses any DOCTYPE: so no entity can be declared, and only XML's
 * five predefined entities and character references are decoded here. Written by hand because
 * the values needed are a few leaves, and a general parser would build the whole tree (embedded
 * PDFs are megabytes of base64) and bring its own DTD handling we then must switch off.
 */
export function readXmlLeaves(content: Buffer, wanted: ReadonlySet<string>): XmlLeavesResult {
  const root = readXmlRoot(content);
  if (!root.ok) return { ok: false, reason: root.reason };
  const xml = content.toString('utf8');
  const stack: string[] = [];
  const leaves: XmlLeaf[] = [];
  let open: { path: string; attributes: Record<string, string>; from: number } | undefined;
  let at = xml.indexOf('<');
  while (at >= 0) {
    if (xml.startsWith('<!--', at)) {
      at = xml.indexOf('<', endOf(xml, '-->', at));
      continue;
    }
    if (xml.startsWith('<?', at) || xml.startsWith('<![CDATA[', at) || xml.startsWith('<!', at)) {
      // CDATA in an identity field is not something UBL writers produce; skip it like a comment.
      const close = xml.startsWith('<![CDATA[', at) ? ']]>' : xml.startsWith('<?', at) ? '?>' : '>';
      at = xml.indexOf('<', endOf(xml, close, at));
      continue;
    }
    const end = tagEnd(xml, at);
    if (end < 0) return { ok: false, reason: 'it is not well-formed (a tag does not end)' };
    const tag = xml.slice(at + 1, end);
    if (tag.startsWith('/')) {
      if (open !== undefined && open.path === stack.join('/')) {
        leaves.push({
          path: open.path,
          attributes: open.attributes,
          text: decodeText(xml.slice(open.from, at)),
        });
      }
      open = undefined;
      stack.pop();
    } else {
      const selfClosing = tag.endsWith('/');
      const name = localName(tag);
      if (stack.length >= MAX_DEPTH)
        return { ok: false, reason: `it nests deeper than ${MAX_DEPTH} elements` };
      stack.push(name);
      const path = stack.join('/');
      open =
        !selfClosing && wanted.has(path) ? { path, attributes: attributesOf(tag), from: end + 1 } : undefined;
      if (selfClosing) stack.pop();
    }
    at = xml.indexOf('<', end + 1);
  }
  return { ok: true, leaves };
}

/** Index just past `close` searched from `from`, or the end of the text. */
function endOf(xml: string, close: string, from: number): number {
  const end = xml.indexOf(close, from);
  return end < 0 ? xml.length : end + close.length;
}

/** Index of the `>` ending the tag at `from`, skipping quoted attribute values; -1 if none. */
function tagEnd(xml: string, from: number): number {
  let quote: string | undefined;
  for (let index = from + 1; index < xml.length; index += 1) {
    const char = xml[index];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '>') return index;
  }
  return -1;
}

function localName(tag: string): string {
  const name = /^[^\s/>]+/.exec(tag)?.[0] ?? '';
  return name.slice(name.indexOf(':') + 1);
}

/** Attributes by local name (`currencyID`, `schemeID`); the patterns never cross a quote. */
function attributesOf(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of tag.matchAll(/([^\s=/"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const name = (match[1] ?? '').slice((match[1] ?? '').indexOf(':') + 1);
    attributes[name] = decodeText(match[2] ?? match[3] ?? '');
  }
  return attributes;
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes XML's predefined entities and character references; anything else stays as written. */
function decodeText(text: string): string {
  return text
    .replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/g, (whole, entity: string) => {
      if (!entity.startsWith('#')) return PREDEFINED[entity] ?? whole;
      const code = entity[1] === 'x' ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    })
    .trim();
}
