import { burn, type Entry } from '@kenjiuno/msgreader/lib/Burner';
import { TypeEnum } from '@kenjiuno/msgreader/lib/Reader';

/** One file attached to a test Outlook message. */
export interface MsgAttachmentInput {
  readonly filename: string;
  readonly content: Buffer;
  readonly mimeType?: string;
}

/**
 * An Outlook `.msg` (a compound file, MS-OXMSG) written with msgreader's own CFB burner: the
 * subject as a Unicode string property, and per attachment an `__attach_version1.0_#N`
 * storage holding its long filename, MIME type and bytes (`PR_ATTACH_DATA_BIN`).
 */
export function buildMsg(subject: string, attachments: readonly MsgAttachmentInput[]): Buffer {
  const entries: Entry[] = [{ name: 'Root Entry', type: TypeEnum.ROOT, length: 0, children: [] }];
  const root = entries[0]?.children ?? [];
  const add = (entry: Entry, parent: number[]): void => {
    parent.push(entries.length);
    entries.push(entry);
  };
  add(stream('__substg1.0_0037001F', unicode(subject)), root);
  add(stream('__properties_version1.0', Buffer.alloc(32)), root);
  attachments.forEach((attachment, index) => {
    const children: number[] = [];
    add(
      {
        name: `__attach_version1.0_#${index.toString(16).toUpperCase().padStart(8, '0')}`,
        type: TypeEnum.DIRECTORY,
        length: 0,
        children,
      },
      root,
    );
    add(stream('__substg1.0_3707001F', unicode(attachment.filename)), children);
    if (attachment.mimeType !== undefined)
      add(stream('__substg1.0_370E001F', unicode(attachment.mimeType)), children);
    add(stream('__substg1.0_37010102', attachment.content), children);
    add(stream('__properties_version1.0', Buffer.alloc(8)), children);
  });
  return Buffer.from(burn(entries));
}

function stream(name: string, content: Buffer): Entry {
  // A copy: the burner reads the whole underlying ArrayBuffer, and small Buffers share a pooled one.
  return {
    name,
    type: TypeEnum.DOCUMENT,
    length: content.length,
    binaryProvider: () => Uint8Array.from(content),
  };
}

function unicode(text: string): Buffer {
  return Buffer.from(text, 'utf16le');
}
