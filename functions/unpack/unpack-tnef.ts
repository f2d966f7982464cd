import {
  Cursor,
  PR_ATTACH_DATA_OBJ,
  PR_ATTACH_FILENAME,
  PR_ATTACH_LONG_FILENAME,
  PR_ATTACH_MIME_TAG,
  PR_DISPLAY_NAME,
  readPropertyList,
} from './tnef-properties';
import { UnpackError } from './unpack-error';
import type { UnpackedFile } from './unpacked-file';

/** `TNEF_SIGNATURE` as the first four bytes of every TNEF stream (MS-OXTNEF 2.1.3.1). */
const TNEF_SIGNATURE = 0x223e9f78;

/** Attribute ids (the low 16 bits; the high 16 give the type) of MS-OXTNEF 2.1.3.3. */
const ATT_ATTACH_DATA = 0x800f;
const ATT_ATTACH_TITLE = 0x8010;
const ATT_ATTACH_REND_DATA = 0x9002;
const ATT_ATTACHMENT = 0x9005;
const ATT_OEM_CODEPAGE = 0x9007;

/** Attribute level of attachment attributes (message attributes are level 1). */
const LEVEL_ATTACHMENT = 0x02;

/** Embedded objects start with the 16-byte interface id of what follows. */
const IID_BYTES = 16;

interface Attachment {
  title?: string;
  data?: Buffer;
  properties?: ReturnType<typeof readPropertyList>;
}

/**
 * Lists the attachments of Outlook's winmail.dat (`application/ms-tnef`): each starts with
 * `attAttachRendData`; its bytes are `attAttachData`, its name the long filename from the
 * `attAttachment` property list or else `attAttachTitle`. An attached Outlook item
 * (`PR_ATTACH_DATA_OBJ`) is returned as the TNEF stream it holds, which is unpacked in turn.
 */
export function unpackTnef(content: Buffer): UnpackedFile[] {
  const reader = new Cursor(content);
  if (reader.uint32() !== TNEF_SIGNATURE) throw new UnpackError('it is not a TNEF stream');
  reader.skip(2); // legacy key
  let decode8bit = codepageDecoder(1252);
  const attachments: Attachment[] = [];
  while (reader.remaining > 0) {
    const level = reader.bytes(1)[0];
    const id = reader.uint32() & 0xffff;
    const data = reader.bytes(reader.uint32());
    reader.skip(2); // checksum: writers get it wrong often enough that readers ignore it
    if (id === ATT_OEM_CODEPAGE && data.length >= 4) decode8bit = codepageDecoder(data.readUInt32LE(0));
    if (level !== LEVEL_ATTACHMENT) continue;
    if (id === ATT_ATTACH_REND_DATA) attachments.push({});
    const current = attachments.at(-1);
    if (current === undefined) continue;
    if (id === ATT_ATTACH_DATA) current.data = data;
    else if (id === ATT_ATTACH_TITLE) current.title = decode8bit(data).replace(/\0.*$/s, '');
    else if (id === ATT_ATTACHMENT) current.properties = readPropertyList(data, decode8bit);
  }
  return attachments.flatMap(toFile);
}

function toFile(attachment: Attachment): UnpackedFile[] {
  const property = (id: number): string | Buffer | undefined => attachment.properties?.get(id);
  const text = (id: number): string | undefined => {
    const value = property(id);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const object = property(PR_ATTACH_DATA_OBJ);
  const content =
    Buffer.isBuffer(object) && object.length > IID_BYTES ? object.subarray(IID_BYTES) : attachment.data;
  if (content === undefined) return [];
  const name =
    text(PR_ATTACH_LONG_FILENAME) ?? text(PR_ATTACH_FILENAME) ?? attachment.title ?? text(PR_DISPLAY_NAME);
  const declaredType = text(PR_ATTACH_MIME_TAG);
  return [{ name, content, ...(declaredType === undefined ? {} : { declaredType }) }];
}

/** A decoder for 8-bit strings in the stream's OEM code page; Windows-1252 when it is unknown here. */
function codepageDecoder(codepage: number): (bytes: Buffer) => string {
  const label = codepage === 65001 ? 'utf-8' : `windows-${codepage}`;
  const decoder = (() => {
    try {
      return new TextDecoder(label);
    } catch {
      return new TextDecoder('windows-1252');
    }
  })();
  return (bytes) => decoder.decode(bytes);
}
