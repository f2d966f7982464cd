import { crc32, deflateRawSync } from 'node:zlib';

/** One entry of a test archive. */
export interface ZipEntryInput {
  /** The path inside the archive; a trailing `/` makes a folder. */
  readonly name: string;
  readonly content?: Buffer;
  /** Deflate (default) or store the bytes. */
  readonly method?: 'deflate' | 'store';
  /** Declare this uncompressed size instead of the real one, as a lying zip bomb does. */
  readonly declaredSize?: number;
  /** Set the "encrypted" flag, as password-protected archives do. */
  readonly encrypted?: boolean;
}

/** 1 January 2026, 00:00, in MS-DOS date/time form, so archives are byte-for-byte reproducible. */
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;

/**
 * A ZIP archive written by hand (local headers, central directory, end record), UTF-8 names
 * flagged as such. It can lie about sizes and flags, to test what unpacking does with bombs.
 */
export function buildZip(entries: readonly ZipEntryInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const content = entry.content ?? Buffer.alloc(0);
    const store = entry.method === 'store' || entry.name.endsWith('/');
    const data = store ? content : deflateRawSync(content);
    const name = Buffer.from(entry.name, 'utf8');
    const flags = 0x0800 | (entry.encrypted ? 0x0001 : 0);
    const fields = {
      flags,
      method: store ? 0 : 8,
      crc: crc32(content),
      compressed: data.length,
      uncompressed: entry.declaredSize ?? content.length,
    };
    const local = header(0x04034b50, 30, fields, name.length);
    locals.push(local, name, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    local.copy(central, 6, 4, 30); // version needed .. extra length share the local layout
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function header(
  signature: number,
  size: number,
  fields: { flags: number; method: number; crc: number; compressed: number; uncompressed: number },
  nameLength: number,
): Buffer {
  const buffer = Buffer.alloc(size);
  buffer.writeUInt32LE(signature, 0);
  buffer.writeUInt16LE(20, 4); // version needed to extract
  buffer.writeUInt16LE(fields.flags, 6);
  buffer.writeUInt16LE(fields.method, 8);
  buffer.writeUInt16LE(0, 10); // time
  buffer.writeUInt16LE(DOS_DATE, 12);
  buffer.writeUInt32LE(fields.crc, 14);
  buffer.writeUInt32LE(fields.compressed, 18);
  buffer.writeUInt32LE(fields.uncompressed, 22);
  buffer.writeUInt16LE(nameLength, 26);
  return buffer;
}
