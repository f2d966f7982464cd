import { textHead } from './text-head';

/** What a CMS (PKCS #7) file wraps: signed content that can be unwrapped, or encrypted content. */
export type CmsKind = 'signed-data' | 'encrypted-data';

/**
 * The DER encodings of the content types a CMS `ContentInfo` starts with (RFC 5652 §3, RFC 5083):
 * `id-signedData` (1.2.840.113549.1.7.2), `id-envelopedData` (…1.7.3) and `id-ct-authEnvelopedData`
 * (…1.9.16.1.23, S/MIME 4.0's AES-GCM encryption).
 */
const CONTENT_TYPES: ReadonlyArray<{ readonly kind: CmsKind; readonly oid: Buffer }> = [
  { kind: 'signed-data', oid: Buffer.from('06092a864886f70d010702', 'hex') },
  { kind: 'encrypted-data', oid: Buffer.from('06092a864886f70d010703', 'hex') },
  { kind: 'encrypted-data', oid: Buffer.from('060b2a864886f70d0109100117', 'hex') },
];

/** ASN.1 SEQUENCE tag, which a `ContentInfo` is. */
const SEQUENCE = 0x30;

/** A BER length of this many bytes or fewer: long enough for any file up to 4 GB. */
const MAX_LENGTH_BYTES = 4;

/**
 * Base64 characters read to see what a base64-encoded CMS file starts with: 64 of them decode
 * to 48 bytes, more than the SEQUENCE header and the longest content type need.
 */
const BASE64_HEAD_CHARACTERS = 64;

/** How far into a text file its base64 starts: past a PEM armour line (`-----BEGIN PKCS7-----`). */
const TEXT_HEAD_BYTES = 256;

/**
 * What kind of CMS `ContentInfo` the bytes are, from their first bytes alone: a SEQUENCE (of
 * definite or indefinite length) whose first element is one of the known content types. The same
 * test is applied to the start of a base64 (or PEM) file after decoding it, since `.p7m` files are
 * saved both ways. `undefined` when the bytes are not CMS.
 */
export function cmsKindOf(content: Buffer): CmsKind | undefined {
  return derKind(content) ?? derKind(base64Head(content));
}

/** The DER (or BER) bytes of a CMS file: the bytes themselves, or their base64 decoded. */
export function cmsBytes(content: Buffer): Buffer {
  if (derKind(content) !== undefined) return content;
  const text = content.toString('latin1').replace(/-----(?:BEGIN|END) [A-Z0-9 ]+-----/g, '');
  return Buffer.from(text, 'base64');
}

function derKind(content: Buffer): CmsKind | undefined {
  if (content[0] !== SEQUENCE) return undefined;
  const length = content[1];
  if (length === undefined) return undefined;
  // Short form (< 0x80), indefinite (0x80) or long form (0x81-0x84: that many length bytes follow).
  const lengthBytes = length <= 0x80 ? 0 : length - 0x80;
  if (lengthBytes > MAX_LENGTH_BYTES) return undefined;
  const at = 2 + lengthBytes;
  return CONTENT_TYPES.find(({ oid }) => content.subarray(at, at + oid.length).equals(oid))?.kind;
}

/** The first bytes of the file read as base64 (an optional PEM armour line skipped), or nothing. */
function base64Head(content: Buffer): Buffer {
  const head = textHead(content, TEXT_HEAD_BYTES).replace(/^\s*-----BEGIN [A-Z0-9 ]+-----/, '');
  const characters = head.replace(/\s+/g, '').slice(0, BASE64_HEAD_CHARACTERS);
  if (characters.length < BASE64_HEAD_CHARACTERS / 2 || !/^[A-Za-z0-9+/]+$/.test(characters)) {
    return Buffer.alloc(0);
  }
  return Buffer.from(characters.slice(0, characters.length - (characters.length % 4)), 'base64');
}
