import { createHash } from 'node:crypto';
import type { ConvertibleType } from '../convert/convert-image';
import type { WorkBudget } from '../convert/work-budget';
import {
  type DocumentAction,
  decideDocument,
  isSettled,
  type Redundancy,
} from '../documents/decide-document';
import { decideWithReader } from '../documents/decide-with-reader';
import type { DetectedType, DocumentCandidate, DocumentDecision } from '../documents/document';
import { sniffType } from '../documents/sniff-type';
import { describeSignature } from '../signed/open-signed-data';
import type { MailPart } from './mail-part';
import type { FoundMessage } from './nested-message';
import { isContainer, type Nesting, type OpenLimits, openContainer } from './open-container';
import { safeFilename, splitExtension } from './safe-filename';
import type { UniqueFilenames } from './unique-filenames';

/** What one message's walk shares: its limits, the names taken and the candidates found so far. */
export interface WalkState extends OpenLimits {
  readonly names: UniqueFilenames;
  readonly candidates: DocumentCandidate[];
  /** Told about each forwarded message (opened or not) and signed MIME entity opened, in walk order. */
  readonly onMessage?: (message: FoundMessage) => void;
  /** The message's conversion budget, checked from each image's header before it is decoded. */
  readonly work: WorkBudget;
  /** Images converted so far, by the original's hash: a copy is not converted again. */
  readonly converted: Map<string, string>;
  /** The documents-per-message limit: no image is converted once that many documents are taken. */
  readonly maxDocuments: number;
}

/**
 * Turns parts into candidates, depth first and in order: each part is sniffed and decided;
 * an image Clearfacts does not take is converted and its output decided; a container is listed
 * and its parts walked in turn, with an origin that says where they came from.
 */
export async function walkParts(
  parts: readonly MailPart[],
  nesting: Nesting,
  state: WalkState,
): Promise<void> {
  for (const part of parts) {
    const sniffed = sniffType(part.content, { contentType: part.declaredType, filename: part.name });
    const verdict = await decideWithReader({
      detectedType: sniffed,
      content: part.content,
      shownInBody: part.shownInBody,
    });
    if (verdict.decision.action === 'convert') {
      state.candidates.push(await convertPart(part, verdict.detectedType as ConvertibleType, nesting, state));
      continue;
    }
    const candidate = toCandidate(part, verdict.detectedType, final(verdict.decision), nesting, state);
    if (!isContainer(candidate) || candidate.size === 0) {
      state.candidates.push(candidate);
      continue;
    }
    const opened = await openContainer(candidate, nesting, state);
    if ('failure' in opened) {
      state.candidates.push({ ...candidate, decision: refuse(part, candidate.detectedType, opened.failure) });
      if (candidate.detectedType === 'message') {
        state.onMessage?.({ kind: 'unopened', ...enclosedBy(nesting) });
      }
      continue;
    }
    const { signature, message } = opened;
    if (signature === undefined) state.candidates.push(candidate);
    else {
      const reason = `signed content, ${describeSignature(signature)}; what it holds is listed separately`;
      state.candidates.push({ ...candidate, signature, decision: { action: 'skip', reason } });
    }
    if (message !== undefined) {
      state.onMessage?.({
        kind: candidate.detectedType === 'signed-data' ? 'signed' : 'forwarded',
        parsed: message,
        origin: opened.nesting.origin,
        ...enclosedBy(nesting),
        ...(opened.nesting.signature === undefined ? {} : { signature: opened.nesting.signature }),
      });
    }
    await walkParts(opened.parts, opened.nesting, state);
  }
}

/** The nested message the parts being walked sit in, when they do not sit in the message that arrived. */
function enclosedBy(nesting: Nesting): { readonly enclosing?: string } {
  return nesting.message === undefined ? {} : { enclosing: nesting.message };
}

/**
 * Converts an image (loading the converter only now) and decides on the result, which keeps the
 * original's name with the new extension and remembers the original in `convertedFrom`.
 */
async function convertPart(
  part: MailPart,
  type: ConvertibleType,
  nesting: Nesting,
  state: WalkState,
): Promise<DocumentCandidate> {
  const index = state.candidates.length + 1;
  const originalName = safeFilename(part.name, type, index);
  const convertedFrom = {
    filename: originalName,
    detectedType: type,
    size: part.content.length,
    sha256: sha256(part.content),
  };
  // Decided before any work: a copy is not converted twice, nothing past the document limit is.
  const redundancy = redundancyBeforeConverting(convertedFrom.sha256, state);
  if (redundancy !== undefined) {
    const { decision } = decideDocument({
      detectedType: type,
      content: part.content,
      shownInBody: false,
      redundancy,
    });
    return toCandidate(part, type, final(decision), nesting, state);
  }
  try {
    const { convertImage } = await import('../convert/convert-image');
    state.work.admit(type, part.content);
    const converted = await state.work.run(() => convertImage(type, part.content, state.work));
    const verdict = await decideWithReader({
      detectedType: converted.type,
      content: converted.content,
      shownInBody: false,
      convertedFrom: type,
    });
    const extension = converted.type === 'pdf' ? 'pdf' : 'jpg';
    const renamed = {
      ...part,
      name: `${splitExtension(originalName).stem}.${extension}`,
      content: converted.content,
    };
    const candidate = toCandidate(renamed, verdict.detectedType, final(verdict.decision), nesting, state);
    state.converted.set(convertedFrom.sha256, candidate.filename);
    return { ...candidate, originalFilename: part.path ?? part.name ?? originalName, convertedFrom };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const reason = `${type.toUpperCase()} image could not be converted: ${detail}`;
    return toCandidate(part, type, refuse(part, type, reason), nesting, state);
  }
}

/** Why an image need not be converted: a copy of one converted already, or past the document limit. */
function redundancyBeforeConverting(hash: string, state: WalkState): Redundancy | undefined {
  const first = state.converted.get(hash);
  if (first !== undefined) return { kind: 'duplicate', of: first };
  const taken = new Set(
    state.candidates
      .filter((candidate) => candidate.decision.action === 'upload')
      .map((candidate) => candidate.sha256),
  );
  return taken.size >= state.maxDocuments ? { kind: 'over-limit', limit: state.maxDocuments } : undefined;
}

/** The decision for a part that could not be opened or converted, from `decideDocument`. */
function refuse(part: MailPart, type: DetectedType, failure: string): DocumentDecision {
  return final(
    decideDocument({ detectedType: type, content: part.content, shownInBody: false, failure }).decision,
  );
}

function final(decision: DocumentAction): DocumentDecision {
  // Converters output PDF or JPEG, failures are skips and a PDF is read before it gets here, so
  // nothing is sent to convert again.
  return isSettled(decision)
    ? decision
    : { action: 'skip', reason: 'conversion did not produce a PDF or JPEG' };
}

/** A candidate with a safe unique filename, the bytes' hash and the decision. */
function toCandidate(
  part: MailPart,
  detectedType: DetectedType,
  decision: DocumentDecision,
  nesting: Nesting,
  state: WalkState,
): DocumentCandidate {
  const index = state.candidates.length + 1;
  const filename = state.names.claim(safeFilename(part.name, detectedType, index));
  const declared = part.path ?? part.name;
  return {
    filename,
    ...(declared !== undefined && declared !== filename ? { originalFilename: declared } : {}),
    declaredType: part.declaredType,
    detectedType,
    size: part.content.length,
    sha256: sha256(part.content),
    content: part.content,
    origin: nesting.origin,
    ...(nesting.signature === undefined ? {} : { signature: nesting.signature }),
    decision,
  };
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
