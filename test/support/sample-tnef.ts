/** One file inside a test winmail.dat. */
export interface TnefAttachmentInput {
  /** The long filename (in the MAPI property list); the 8.3 title is derived from it. */
  readonly filename: string;
  readonly content: Buffer;
  readonly mimeType?: string;
}

const LEVEL_MESSAGE = 1;
const LEVEL_ATTACHMENT = 2;

/**
 * A winmail.dat as Outlook writes it (MS-OXTNEF): signature, key, the TNEF version and OEM
 * code page, then per attachment `attAttachRendData`, `attAttachTitle` (8.3 name),
 * `attAttachData` and `attAttachment` (a MAPI property list with the long filename and MIME
 * type, as Unicode strings). Checksums are written correctly.
 */
export function buildTnef(attachments: readonly TnefAttachmentInput[]): Buffer {
  const parts: Buffer[] = [uint32(0x223e9f78), uint16(0x0001)];
  parts.push(attribute(LEVEL_MESSAGE, 0x00089006, uint32(0x00010000))); // attTnefVersion
  parts.push(attribute(LEVEL_MESSAGE, 0x00069007, Buffer.concat([uint32(1252), uint32(0)]))); // attOemCodepage
  parts.push(attribute(LEVEL_MESSAGE, 0x00078008, Buffer.from('IPM.Microsoft Mail.Note\0', 'latin1'))); // attMessageClass
  for (const attachment of attachments) {
    // attAttachRendData: type 1 (file), position, render width/height, flags 0.
    const render = Buffer.alloc(14);
    render.writeUInt16LE(1, 0);
    render.writeInt32LE(-1, 2);
    parts.push(attribute(LEVEL_ATTACHMENT, 0x00069002, render));
    parts.push(
      attribute(LEVEL_ATTACHMENT, 0x00018010, Buffer.from(`${shortName(attachment.filename)}\0`, 'latin1')),
    );
    parts.push(attribute(LEVEL_ATTACHMENT, 0x0006800f, attachment.content));
    parts.push(attribute(LEVEL_ATTACHMENT, 0x00069005, propertyList(attachment)));
  }
  return Buffer.concat(parts);
}

/** attAttachment's MAPI properties: PR_ATTACH_METHOD, PR_ATTACH_LONG_FILENAME_W and PR_ATTACH_MIME_TAG_W. */
function propertyList(attachment: TnefAttachmentInput): Buffer {
  const properties = [
    Buffer.concat([uint16(0x0003), uint16(0x3705), uint32(1)]), // PT_LONG PR_ATTACH_METHOD = ATTACH_BY_VALUE
    unicodeProperty(0x3707, attachment.filename),
    ...(attachment.mimeType === undefined ? [] : [unicodeProperty(0x370e, attachment.mimeType)]),
  ];
  return Buffer.concat([uint32(properties.length), ...properties]);
}

function unicodeProperty(id: number, value: string): Buffer {
  const text = Buffer.from(`${value}\0`, 'utf16le');
  const padding = Buffer.alloc((4 - (text.length % 4)) % 4);
  return Buffer.concat([uint16(0x001f), uint16(id), uint32(1), uint32(text.length), text, padding]);
}

function attribute(level: number, id: number, data: Buffer): Buffer {
  let checksum = 0;
  for (const byte of data) checksum = (checksum + byte) & 0xffff;
  return Buffer.concat([Buffer.from([level]), uint32(id), uint32(data.length), data, uint16(checksum)]);
}

/** An 8.3 name like Outlook's `FACTUU~1.PDF`. */
function shortName(filename: string): string {
  const dot = filename.lastIndexOf('.');
  const stem = (dot < 0 ? filename : filename.slice(0, dot)).replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  const extension = dot < 0 ? '' : filename.slice(dot + 1, dot + 4).toUpperCase();
  const short = stem.length > 8 ? `${stem.slice(0, 6)}~1` : stem;
  return extension === '' ? short : `${short}.${extension}`;
}

function uint16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16LE(value);
  return buffer;
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value >>> 0);
  return buffer;
}
