import { createHash } from 'node:crypto';
import { decideDocument, isSettled } from '../documents/decide-document';
import type { ConvertedFrom, DetectedType, DocumentCandidate } from '../documents/document';
import { safeFilename } from '../mail/safe-filename';
import { UniqueFilenames } from '../mail/unique-filenames';
import { BODY_TIME_ZONE } from './body-html';
import type { BodySource } from './body-sources';
import type { MessageBody } from './message-body';
import { withStableDates } from './stable-pdf';

/** What names and dates the body's document. */
export interface BodyDocumentContext {
  /** The other candidates' filenames, so the body's does not repeat one. */
  readonly takenFilenames: readonly string[];
  /** When the message arrived: the date in the name when the `Date:` header is missing. */
  readonly receivedAt: Date;
}

/**
 * The rendered body as a candidate, decided like any PDF (size limit, readable PDF): named after
 * the date and subject of the message it is the body of (`2026-11-20 Your order 1234.pdf`), from
 * the body's origin (`message body`, or a forwarded message's), and `convertedFrom` the body it was
 * made of. Its print dates are the message's, so the same message gives the same bytes and the
 * ledger recognises a repeat.
 */
export function renderedBodyDocument(
  rendered: Buffer,
  from: BodySource,
  context: BodyDocumentContext,
): DocumentCandidate {
  const { body } = from;
  const pdf = withStableDates(rendered, body.date ?? context.receivedAt);
  const source = bodyCandidate(from, context);
  const { detectedType, decision } = decideDocument({
    detectedType: 'pdf',
    content: pdf,
    shownInBody: false,
  });
  const convertedFrom: ConvertedFrom = {
    filename: source.filename,
    detectedType: source.detectedType,
    size: source.size,
    sha256: source.sha256,
  };
  return {
    filename: uniqueName(`${baseName(body, context)}.pdf`, 'pdf', context),
    declaredType: 'application/pdf',
    detectedType,
    size: pdf.length,
    sha256: sha256(pdf),
    content: pdf,
    origin: from.origin,
    ...(from.signature === undefined ? {} : { signature: from.signature }),
    convertedFrom,
    // Chromium writes sound PDFs: one the byte checks doubt is a failed rendering, not a reader's job.
    decision: isSettled(decision)
      ? decision
      : { action: 'skip', reason: 'the rendered body is not a sound PDF' },
  };
}

/** The body itself as a skipped candidate, with the reason it was not rendered. */
export function skippedBodyDocument(
  from: BodySource,
  context: BodyDocumentContext,
  reason: string,
): DocumentCandidate {
  return { ...bodyCandidate(from, context), decision: { action: 'skip', reason } };
}

function bodyCandidate(from: BodySource, context: BodyDocumentContext): Omit<DocumentCandidate, 'decision'> {
  const { body } = from;
  const detectedType: DetectedType = body.html === undefined ? 'text' : 'html';
  const content = Buffer.from(body.html ?? body.text ?? '', 'utf8');
  const extension = detectedType === 'html' ? '.html' : '.txt';
  return {
    filename: uniqueName(`${baseName(body, context)}${extension}`, detectedType, context),
    declaredType: detectedType === 'html' ? 'text/html' : 'text/plain',
    detectedType,
    size: content.length,
    sha256: sha256(content),
    content,
    origin: from.origin,
    ...(from.signature === undefined ? {} : { signature: from.signature }),
  };
}

/** `2026-11-20 Your order 1234`: the date in Belgium, then the subject (or `message`). */
function baseName(body: MessageBody, context: BodyDocumentContext): string {
  const date = isoDate(body.date ?? context.receivedAt);
  return `${date === '' ? '' : `${date} `}${body.subject === '' ? 'message' : body.subject}`;
}

function isoDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: BODY_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((each) => each.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function uniqueName(name: string, type: DetectedType, context: BodyDocumentContext): string {
  const names = new UniqueFilenames();
  for (const taken of context.takenFilenames) names.claim(taken);
  return names.claim(safeFilename(name, type, 0));
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
