import type MsgReader from '@kenjiuno/msgreader';
import { commonJsExports } from '../shared/common-js';
import { UnpackError } from './unpack-error';
import type { UnpackedFile } from './unpacked-file';

/**
 * Lists the attachments of an Outlook `.msg` file. An attached Outlook item comes back as a
 * `.msg` of its own, which is unpacked in turn (and counts towards the forward depth).
 * Attachments Outlook hides (pictures the HTML body shows) are marked `inline`.
 */
export async function unpackMsg(
  content: Buffer,
): Promise<{ readonly subject: string; readonly files: UnpackedFile[] }> {
  const Reader = commonJsExports<typeof MsgReader>(await import('@kenjiuno/msgreader'));
  const bytes = content.buffer.slice(content.byteOffset, content.byteOffset + content.length) as ArrayBuffer;
  let reader: MsgReader;
  let fields: ReturnType<MsgReader['getFileData']>;
  try {
    reader = new Reader(bytes);
    fields = reader.getFileData();
  } catch (error) {
    throw new UnpackError(`it is corrupt (${error instanceof Error ? error.message : String(error)})`, {
      cause: error,
    });
  }
  if (fields.error !== undefined) throw new UnpackError(`it could not be read (${fields.error})`);
  const files = (fields.attachments ?? []).map((attachment): UnpackedFile => {
    const { fileName, content: data } = reader.getAttachment(attachment);
    return {
      name: fileName,
      content: Buffer.from(data),
      ...(attachment.attachMimeTag === undefined ? {} : { declaredType: attachment.attachMimeTag }),
      ...(attachment.attachmentHidden === true ? { inline: true } : {}),
    };
  });
  return { subject: fields.subject ?? '', files };
}
