import type { ParsedMail } from 'mailparser';
import type { UnpackedFile } from '../unpack/unpacked-file';
import { declaredContentType, isShownInBody } from './attachment-facts';

/** One file to consider, whatever held it: a mail attachment, an archive entry, a winmail.dat attachment. */
export interface MailPart {
  /** The declared (decoded) name, without folders. */
  readonly name: string | undefined;
  /** An archive entry's full path (`2026/03/invoice.pdf`), when it has folders. */
  readonly path?: string;
  /** The declared MIME type (`application/octet-stream` when nothing was declared). */
  readonly declaredType: string;
  /** The bytes. */
  readonly content: Buffer;
  /** Whether the message body shows it (an inline picture), which makes a small image decoration. */
  readonly shownInBody: boolean;
}

/** The attachments of a parsed message (not its text and HTML bodies) as parts. */
export function partsOfMessage(parsed: ParsedMail): MailPart[] {
  return parsed.attachments.map((attachment) => ({
    name: attachment.filename,
    declaredType: declaredContentType(attachment),
    content: attachment.content,
    shownInBody: isShownInBody(attachment, parsed.html),
  }));
}

/** The files of an opened container as parts. */
export function partsOfContainer(files: readonly UnpackedFile[]): MailPart[] {
  return files.map((file) => ({
    name: file.name?.split(/[/\\]/).at(-1),
    ...(file.name !== undefined && /[/\\]/.test(file.name) ? { path: file.name } : {}),
    declaredType: file.declaredType?.toLowerCase() ?? 'application/octet-stream',
    content: file.content,
    shownInBody: file.inline === true,
  }));
}
