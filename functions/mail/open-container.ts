import type { DetectedType, DocumentCandidate } from '../documents/document';
import { describeError } from '../shared/errors';
import type { UnpackBudget } from '../unpack/unpack-budget';
import { isArchiveType, unpackContainer } from '../unpack/unpack-container';
import { MAX_ARCHIVE_DEPTH } from '../unpack/unpack-limits';
import { type MailPart, partsOfContainer, partsOfMessage } from './mail-part';
import { parseMessage } from './parse-message';
import { cleanDisplayText } from './safe-filename';

/** Subjects are shortened to this many characters when they name a forwarded message's origin. */
const MAX_ORIGIN_SUBJECT_LENGTH = 100;

/** How reasons name each kind of container. */
const CONTAINER_NAMES: Partial<Record<DetectedType, string>> = {
  message: 'forwarded message',
  zip: 'ZIP archive',
  'ms-tnef': 'Outlook winmail.dat',
  'ms-msg': 'Outlook message',
};

/** Where the parts being walked sit: their origin and how deep in messages and archives. */
export interface Nesting {
  readonly origin: string;
  /** Forwarded messages (.eml, message/rfc822, .msg, winmail.dat) opened so far on this path. */
  readonly forwardDepth: number;
  /** ZIP archives opened so far on this path. */
  readonly archiveDepth: number;
}

/** The limits and the unpacking allowance shared by a whole message. */
export interface OpenLimits {
  readonly maxForwardDepth: number;
  readonly budget: UnpackBudget;
}

/** A container's parts and where they sit, or why it was not opened. */
export type Opened =
  | { readonly parts: readonly MailPart[]; readonly nesting: Nesting }
  | { readonly failure: string };

/** Whether a candidate is a container whose files are listed: a forwarded message, ZIP, winmail.dat or .msg. */
export function isContainer(candidate: DocumentCandidate): boolean {
  return candidate.detectedType === 'message' || isArchiveType(candidate.detectedType);
}

/**
 * Opens a container candidate within the depth limits (forwards and archives each have their
 * own) and the message's unpacking allowance; a failure says why, for the report.
 */
export async function openContainer(
  candidate: DocumentCandidate,
  nesting: Nesting,
  limits: OpenLimits,
): Promise<Opened> {
  const type = candidate.detectedType;
  const archive = type === 'zip';
  const what = CONTAINER_NAMES[type] ?? type;
  if (archive ? nesting.archiveDepth >= MAX_ARCHIVE_DEPTH : nesting.forwardDepth >= limits.maxForwardDepth) {
    const limit = archive ? `${MAX_ARCHIVE_DEPTH} archives` : `${limits.maxForwardDepth}`;
    return { failure: `${what} nested too deep (limit ${limit}); not opened` };
  }
  try {
    const { label, parts } = await readContainer(candidate, limits.budget);
    // An empty forward is a message without attachments, which its own candidate already says.
    if (parts.length === 0 && type !== 'message') return { failure: `${what} holds no files` };
    return {
      parts,
      nesting: {
        origin: nesting.origin === 'attachment' ? label : `${nesting.origin} > ${label}`,
        forwardDepth: nesting.forwardDepth + (archive ? 0 : 1),
        archiveDepth: nesting.archiveDepth + (archive ? 1 : 0),
      },
    };
  } catch (error) {
    if (type === 'message')
      return { failure: `forwarded message could not be read (${describeError(error)})` };
    const detail = error instanceof Error ? error.message : String(error);
    return { failure: `${what} not opened: ${detail}` };
  }
}

async function readContainer(
  candidate: DocumentCandidate,
  budget: UnpackBudget,
): Promise<{ label: string; parts: readonly MailPart[] }> {
  const type = candidate.detectedType;
  if (isArchiveType(type)) {
    const { label, files } = await unpackContainer(type, candidate.content, candidate.filename, budget);
    return { label, parts: partsOfContainer(files) };
  }
  const inner = await parseMessage(candidate.content);
  // A forward's parts count against the message's allowance like an archive's files: without it,
  // forwards of forwards multiply into hundreds of thousands of candidates (a 12 MB message, 180,000).
  budget.claim(inner.attachments.length, 0);
  const subject = cleanDisplayText(inner.subject ?? '').slice(0, MAX_ORIGIN_SUBJECT_LENGTH);
  return {
    label: subject === '' ? 'forwarded message (no subject)' : `forwarded message "${subject}"`,
    parts: partsOfMessage(inner),
  };
}
