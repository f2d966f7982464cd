import type { ParsedMail } from 'mailparser';
import type { DetectedType, DocumentCandidate } from '../documents/document';
import { describeError } from '../shared/errors';
import type { SignatureCheck } from '../signed/open-signed-data';
import type { UnpackBudget } from '../unpack/unpack-budget';
import { isArchiveType, unpackContainer } from '../unpack/unpack-container';
import { MAX_ARCHIVE_DEPTH } from '../unpack/unpack-limits';
import { type MailPart, partsOfContainer, partsOfMessage } from './mail-part';
import { looksLikeMimeEntity } from './mime-entity';
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
  'signed-data': 'signed content',
};

/** Where the parts being walked sit: their origin and how deep in messages and archives. */
export interface Nesting {
  readonly origin: string;
  /** Forwarded messages (.eml, message/rfc822, .msg, winmail.dat) opened so far on this path. */
  readonly forwardDepth: number;
  /** ZIP archives opened so far on this path. */
  readonly archiveDepth: number;
  /** Set inside signed content: what its signature says, for every candidate found there. */
  readonly signature?: SignatureCheck;
  /**
   * The origin of the innermost forwarded message or signed MIME entity the parts sit in (whose
   * body may be rendered); absent in the message that arrived.
   */
  readonly message?: string;
}

/** The limits and the unpacking allowance shared by a whole message. */
export interface OpenLimits {
  readonly maxForwardDepth: number;
  readonly budget: UnpackBudget;
}

/** A container's parts and where they sit, or why it was not opened. */
export type Opened =
  | {
      readonly parts: readonly MailPart[];
      readonly nesting: Nesting;
      /** A forwarded message or a signed MIME entity, whose body may be rendered when nothing else is. */
      readonly message?: ParsedMail;
      /** For signed content: what the signature says. */
      readonly signature?: SignatureCheck;
    }
  | { readonly failure: string };

/** Containers opened like a forwarded message: their depth counts against `maxForwardDepth`. */
const MESSAGE_LIKE: ReadonlySet<DetectedType> = new Set(['message', 'signed-data']);

/**
 * Whether a candidate is a container whose files are listed: a forwarded message, ZIP, winmail.dat,
 * .msg, or signed content (S/MIME `smime.p7m`, a signed `.p7m` file).
 */
export function isContainer(candidate: DocumentCandidate): boolean {
  return MESSAGE_LIKE.has(candidate.detectedType) || isArchiveType(candidate.detectedType);
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
    const { label, parts, message, signature } = await readContainer(candidate, limits.budget);
    // An empty forward is a message without attachments, which its own candidate already says.
    if (parts.length === 0 && message === undefined) return { failure: `${what} holds no files` };
    const inside = signature ?? nesting.signature;
    const origin = nesting.origin === 'attachment' ? label : `${nesting.origin} > ${label}`;
    const enclosing = message === undefined ? nesting.message : origin;
    return {
      parts,
      nesting: {
        origin,
        forwardDepth: nesting.forwardDepth + (archive ? 0 : 1),
        archiveDepth: nesting.archiveDepth + (archive ? 1 : 0),
        ...(inside === undefined ? {} : { signature: inside }),
        ...(enclosing === undefined ? {} : { message: enclosing }),
      },
      ...(message === undefined ? {} : { message }),
      ...(signature === undefined ? {} : { signature }),
    };
  } catch (error) {
    if (type === 'message')
      return { failure: `forwarded message could not be read (${describeError(error)})` };
    const detail = error instanceof Error ? error.message : String(error);
    return { failure: `${what} not opened: ${detail}` };
  }
}

/** What a container holds, the label its parts' origin gets, and for messages the parsed message. */
interface ContainerContents {
  readonly label: string;
  readonly parts: readonly MailPart[];
  readonly message?: ParsedMail;
  readonly signature?: SignatureCheck;
}

async function readContainer(candidate: DocumentCandidate, budget: UnpackBudget): Promise<ContainerContents> {
  const type = candidate.detectedType;
  if (isArchiveType(type)) {
    const { label, files } = await unpackContainer(type, candidate.content, candidate.filename, budget);
    return { label, parts: partsOfContainer(files) };
  }
  if (type === 'signed-data') return readSignedContent(candidate, budget);
  const inner = await readMessage(candidate.content, budget);
  const subject = cleanDisplayText(inner.subject ?? '').slice(0, MAX_ORIGIN_SUBJECT_LENGTH);
  return {
    label: subject === '' ? 'forwarded message (no subject)' : `forwarded message "${subject}"`,
    parts: partsOfMessage(inner),
    message: inner,
  };
}

/** Parses a nested message and claims its parts from the message's allowance. */
async function readMessage(content: Buffer, budget: UnpackBudget): Promise<ParsedMail> {
  const inner = await parseMessage(content);
  // A forward's parts count against the message's allowance like an archive's files: without it,
  // forwards of forwards multiply into hundreds of thousands of candidates (a 12 MB message, 180,000).
  budget.claim(inner.attachments.length, 0);
  return inner;
}

/**
 * Unwraps signed content (loading the CMS library only now): a MIME entity (what `smime.p7m`
 * holds) is parsed like a forwarded message; anything else is one file, named after the `.p7m`
 * without that extension (`factuur.pdf.p7m` holds `factuur.pdf`) and sniffed like any other.
 */
async function readSignedContent(
  candidate: DocumentCandidate,
  budget: UnpackBudget,
): Promise<ContainerContents> {
  const { openSignedData, describeSignature } = await import('../signed/open-signed-data');
  const { content, signature } = await openSignedData(candidate.content);
  budget.claim(1, content.length);
  const label = `signed content "${candidate.filename}" (${describeSignature(signature)})`;
  if (looksLikeMimeEntity(content)) {
    const inner = await readMessage(content, budget);
    return { label, parts: partsOfMessage(inner), message: inner, signature };
  }
  const declared = (candidate.originalFilename ?? candidate.filename).split(/[/\\]/).at(-1) ?? '';
  const name = declared.replace(/\.p7m$/i, '');
  const part: MailPart = {
    name: name === '' ? undefined : name,
    declaredType: 'application/octet-stream',
    content,
    shownInBody: false,
  };
  return { label, parts: [part], signature };
}
