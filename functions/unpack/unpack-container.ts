import type { DetectedType } from '../documents/document';
import { cleanDisplayText } from '../mail/safe-filename';
import type { UnpackBudget } from './unpack-budget';
import type { UnpackedContainer, UnpackedFile } from './unpacked-file';

/** Container formats whose files are listed as candidates (forwarded messages are opened by the mail walker). */
export type ArchiveType = 'zip' | 'ms-tnef' | 'ms-msg';

/** Subjects are shortened to this many characters when they name an origin, as for forwarded messages. */
const MAX_LABEL_SUBJECT_LENGTH = 100;

const ARCHIVE_TYPES: ReadonlySet<DetectedType> = new Set<ArchiveType>(['zip', 'ms-tnef', 'ms-msg']);

/** Whether `unpackContainer` opens files of this type. */
export function isArchiveType(type: DetectedType): type is ArchiveType {
  return ARCHIVE_TYPES.has(type);
}

/**
 * Opens a ZIP archive, a winmail.dat or an Outlook `.msg` and lists its files, with the label
 * their origin gets. Each unpacker is imported only when a message holds such a file, so the
 * common path (a PDF attached to a mail) never loads them. Throws `UnpackError` with a reason.
 */
export async function unpackContainer(
  type: ArchiveType,
  content: Buffer,
  filename: string,
  budget: UnpackBudget,
): Promise<UnpackedContainer> {
  switch (type) {
    case 'zip': {
      const { unpackZip } = await import('./unpack-zip');
      return { label: `ZIP archive "${filename}"`, files: await unpackZip(content, budget) };
    }
    case 'ms-tnef': {
      const { unpackTnef } = await import('./unpack-tnef');
      return { label: `Outlook winmail.dat "${filename}"`, files: claimed(unpackTnef(content), budget) };
    }
    case 'ms-msg': {
      const { unpackMsg } = await import('./unpack-msg');
      const { subject, files } = await unpackMsg(content);
      const shown = cleanDisplayText(subject).slice(0, MAX_LABEL_SUBJECT_LENGTH);
      const label = shown === '' ? `Outlook message "${filename}"` : `Outlook message "${shown}"`;
      return { label, files: claimed(files, budget) };
    }
  }
}

/** Counts files that needed no inflating (TNEF and .msg store them as they are) against the budget. */
function claimed(files: UnpackedFile[], budget: UnpackBudget): UnpackedFile[] {
  budget.claim(
    files.length,
    files.reduce((total, file) => total + file.content.length, 0),
  );
  return files;
}
