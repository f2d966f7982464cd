import { createHash } from 'node:crypto';
import type { Attachment, ParsedMail } from 'mailparser';
import { decideDocument } from '../documents/decide-document';
import type { DocumentCandidate, DocumentDecision } from '../documents/document';
import { sniffType } from '../documents/sniff-type';
import { describeError } from '../shared/errors';
import { declaredContentType, isShownInBody } from './attachment-facts';
import { parseMessage } from './parse-message';
import { cleanDisplayText, safeFilename } from './safe-filename';
import { UniqueFilenames } from './unique-filenames';

/**
 * Forwarded messages are opened this many levels deep. People forward a forward a couple of
 * times at most; each level is a full parse, so a crafted message must not nest without bound.
 */
export const MAX_FORWARD_DEPTH = 5;

/** Subjects are shortened to this many characters when they name a forwarded message's origin. */
const MAX_ORIGIN_SUBJECT_LENGTH = 100;

/** How `extractDocuments` behaves; every field has a sensible default. */
export interface ExtractOptions {
  /** How many levels of forwarded-as-attachment messages to open (default `MAX_FORWARD_DEPTH`). */
  readonly maxForwardDepth?: number;
}

/** Where the parts being walked come from, and the state shared across one whole message. */
interface Walk {
  readonly origin: string;
  readonly depth: number;
  readonly maxDepth: number;
  readonly names: UniqueFilenames;
  readonly candidates: DocumentCandidate[];
}

/**
 * Lists every attachment of a parsed message, and of the messages forwarded inside it, as
 * candidates with a safe unique filename, what the bytes are, their hash and a decision:
 * upload, or skip with a reason. The text and HTML bodies are not attachments and are not
 * listed. Expects `parseMessage`'s output (forwarded messages kept as attachments, `cid:` kept).
 */
export async function extractDocuments(
  parsed: ParsedMail,
  options: ExtractOptions = {},
): Promise<DocumentCandidate[]> {
  const walk: Walk = {
    origin: 'attachment',
    depth: 0,
    maxDepth: options.maxForwardDepth ?? MAX_FORWARD_DEPTH,
    names: new UniqueFilenames(),
    candidates: [],
  };
  await collect(parsed, walk);
  return walk.candidates;
}

async function collect(parsed: ParsedMail, walk: Walk): Promise<void> {
  for (const attachment of parsed.attachments) {
    const candidate = toCandidate(attachment, parsed.html, walk);
    if (candidate.detectedType !== 'message' || candidate.size === 0) {
      walk.candidates.push(candidate);
      continue;
    }
    const opened = await openForwarded(candidate, walk);
    walk.candidates.push(
      opened.decision === undefined ? candidate : { ...candidate, decision: opened.decision },
    );
    if (opened.inner !== undefined) await collect(opened.inner, opened.walk);
  }
}

/** Opens a forwarded message unless it is nested too deep or unreadable, in which case it says why. */
async function openForwarded(
  candidate: DocumentCandidate,
  walk: Walk,
): Promise<{ inner?: ParsedMail; walk: Walk; decision?: DocumentDecision }> {
  if (walk.depth >= walk.maxDepth) {
    const reason = `forwarded message nested too deep (limit ${walk.maxDepth}); not opened`;
    return { walk, decision: { action: 'skip', reason } };
  }
  try {
    const inner = await parseMessage(candidate.content);
    const subject = cleanDisplayText(inner.subject ?? '').slice(0, MAX_ORIGIN_SUBJECT_LENGTH);
    const label = subject === '' ? 'forwarded message (no subject)' : `forwarded message "${subject}"`;
    const origin = walk.depth === 0 ? label : `${walk.origin} > ${label}`;
    return { inner, walk: { ...walk, origin, depth: walk.depth + 1 } };
  } catch (error) {
    const reason = `forwarded message could not be read (${describeError(error)})`;
    return { walk, decision: { action: 'skip', reason } };
  }
}

/** Turns one attachment into a candidate: sniffed type, safe name, hash and decision. */
function toCandidate(attachment: Attachment, html: ParsedMail['html'], walk: Walk): DocumentCandidate {
  const content = attachment.content;
  const declaredType = declaredContentType(attachment);
  const sniffed = sniffType(content, { contentType: declaredType, filename: attachment.filename });
  const { detectedType, decision } = decideDocument({
    detectedType: sniffed,
    content,
    shownInBody: isShownInBody(attachment, html),
  });
  const index = walk.candidates.length + 1;
  const filename = walk.names.claim(safeFilename(attachment.filename, detectedType, index));
  return {
    filename,
    ...(attachment.filename !== undefined && attachment.filename !== filename
      ? { originalFilename: attachment.filename }
      : {}),
    declaredType,
    detectedType,
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    content,
    origin: walk.origin,
    decision,
  };
}
