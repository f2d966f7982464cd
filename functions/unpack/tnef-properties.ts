import { UnpackError } from './unpack-error';

/** MAPI property ids (MS-OXPROPS) an attachment's `attAttachment` list may carry that we use. */
export const PR_DISPLAY_NAME = 0x3001;
/** Embedded message or OLE object: an IID, then the object's own stream. */
export const PR_ATTACH_DATA_OBJ = 0x3701;
/** Short (8.3) filename. */
export const PR_ATTACH_FILENAME = 0x3704;
/** Full filename, what the sender saw. */
export const PR_ATTACH_LONG_FILENAME = 0x3707;
/** Declared MIME type. */
export const PR_ATTACH_MIME_TAG = 0x370e;

const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const PT_BINARY = 0x0102;
const PT_OBJECT = 0x000d;
const MULTI_VALUED = 0x1000;

/** Byte sizes of fixed-size property types (MS-OXTNEF 2.1.3.4); 2-byte values are padded to 4. */
const FIXED_SIZES: ReadonlyMap<number, number> = new Map([
  [0x0002, 4],
  [0x0003, 4],
  [0x0004, 4],
  [0x000a, 4],
  [0x000b, 4],
  [0x0005, 8],
  [0x0006, 8],
  [0x0007, 8],
  [0x0014, 8],
  [0x0040, 8],
  [0x0048, 16],
]);

/** The values of a property list we keep: strings and binaries, by property id (first value only). */
export type PropertyValues = ReadonlyMap<number, string | Buffer>;

/**
 * Reads a TNEF MAPI property list (MS-OXTNEF 2.1.3.5): a count, then each property's type,
 * id, an optional name for named properties, and its values padded to four bytes. Strings
 * and binaries are kept; other values are skipped. `decode8bit` reads PT_STRING8 values.
 */
export function readPropertyList(data: Buffer, decode8bit: (bytes: Buffer) => string): PropertyValues {
  const values = new Map<number, string | Buffer>();
  const reader = new Cursor(data);
  const count = reader.uint32();
  for (let index = 0; index < count; index += 1) {
    const type = reader.uint16();
    const id = reader.uint16();
    if (id >= 0x8000) skipName(reader);
    const baseType = type & ~MULTI_VALUED;
    const fixed = FIXED_SIZES.get(baseType);
    const valueCount = type & MULTI_VALUED || fixed === undefined ? reader.uint32() : 1;
    for (let value = 0; value < valueCount; value += 1) {
      if (fixed !== undefined) {
        reader.skip(fixed);
        continue;
      }
      if (![PT_STRING8, PT_UNICODE, PT_BINARY, PT_OBJECT].includes(baseType)) {
        throw new UnpackError(`its property list has an unknown type 0x${type.toString(16)}`);
      }
      const bytes = reader.bytes(reader.uint32());
      reader.skip((4 - (bytes.length % 4)) % 4);
      if (value > 0 || values.has(id)) continue;
      if (baseType === PT_STRING8) values.set(id, trimNul(decode8bit(bytes)));
      else if (baseType === PT_UNICODE) values.set(id, trimNul(bytes.toString('utf16le')));
      else values.set(id, bytes);
    }
  }
  return values;
}

/** Named properties carry a GUID and a numeric id or a UTF-16 name, which we do not need. */
function skipName(reader: Cursor): void {
  reader.skip(16);
  const kind = reader.uint32();
  if (kind === 0) reader.skip(4);
  else {
    const length = reader.uint32();
    reader.skip(length + ((4 - (length % 4)) % 4));
  }
}

function trimNul(text: string): string {
  const end = text.indexOf('\0');
  return end < 0 ? text : text.slice(0, end);
}

/** Little-endian reads that throw an `UnpackError` instead of reading past the end. */
export class Cursor {
  private offset = 0;

  constructor(private readonly data: Buffer) {}

  /** Bytes not read yet. */
  get remaining(): number {
    return this.data.length - this.offset;
  }

  /** Reads an unsigned 16-bit integer. */
  uint16(): number {
    return this.bytes(2).readUInt16LE(0);
  }

  /** Reads an unsigned 32-bit integer. */
  uint32(): number {
    return this.bytes(4).readUInt32LE(0);
  }

  /** Reads `length` bytes (a view, not a copy). */
  bytes(length: number): Buffer {
    if (length > this.remaining) throw new UnpackError('it is truncated or corrupt');
    const slice = this.data.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  /** Skips `length` bytes. */
  skip(length: number): void {
    this.bytes(length);
  }
}
