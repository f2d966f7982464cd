import type { ParsedMail } from 'mailparser';
import type { DeadlineGuard } from '../convert/work-budget';
import type { DocumentCandidate } from '../documents/document';
import type { FoundMessage } from '../mail/nested-message';
import type { Mailbox } from '../routing/mailbox';
import { describeError, errorKindOf } from '../shared/errors';
import type { EventLog } from '../shared/event-log';
import { MAX_DOCUMENTS_PER_MESSAGE } from '../shared/limits';
import { bodyPage } from './body-html';
import { type BodySource, bodySources } from './body-sources';
import { readableText } from './message-body';
import type { PdfRenderer } from './pdf-renderer';
import { type BodyDocumentContext, renderedBodyDocument, skippedBodyDocument } from './render-body-document';
import { type BodyVerdict, shouldRenderBody } from './should-render-body';

/**
 * Attempts (queue receives) in which a render failure that may pass (Chromium crashed, did not
 * start, or ran out of time) sends the message back to the queue; it comes back after one and
 * then two minutes. The third failure is reported instead and the message finishes as `failed`:
 * the raw mail stays stored and an admin can replay it. Retrying longer would hold back the
 * message for a page that, most likely, cannot be rendered.
 */
export const MAX_RENDER_ATTEMPTS = 3;

/**
 * Bodies rendered for one message at most: each becomes one document, and no message uploads more
 * than `MAX_DOCUMENTS_PER_MESSAGE`. A client forwarding receipts as attachments sends a handful;
 * each render is a Chromium page of up to 30 s, so a crafted message must not ask for hundreds.
 */
export const MAX_RENDERED_BODIES = MAX_DOCUMENTS_PER_MESSAGE;

/** What deciding about a message's body needs. */
export interface BodyInput {
  readonly parsed: ParsedMail;
  /** The attachments' candidates, from `extractDocuments`. */
  readonly documents: readonly DocumentCandidate[];
  /** The messages `extractDocuments` found inside this one (its `onMessage`), in walk order. */
  readonly found?: readonly FoundMessage[];
  /** The mailboxes this attempt delivers to; those finished earlier need nothing. */
  readonly mailboxes: readonly Mailbox[];
  readonly messageId: string;
  /** When the message arrived, for the document's name when it has no `Date:`. */
  readonly receivedAt: Date;
  /** Report a render failure instead of retrying it: the last attempt, or a dry run. */
  readonly finalAttempt: boolean;
}

/** The ports body rendering uses; without a renderer, bodies are reported as not rendered. */
export interface BodyPorts {
  readonly renderer?: PdfRenderer;
  readonly log: EventLog;
  /** The invocation's deadline: no render starts that could not be reported. */
  readonly deadline?: DeadlineGuard;
}

/** The message's candidates once its body was considered. */
export interface BodyOutcome {
  /** Every candidate, the bodies' (rendered or skipped) last when they were considered. */
  readonly documents: readonly DocumentCandidate[];
  /** The candidates one mailbox receives: a rendered body only when its policy wants it. */
  documentsFor(mailbox: Mailbox): readonly DocumentCandidate[];
  /** Why a body that should have become a PDF did not; the message then counts as failed. */
  readonly failure?: string;
}

/**
 * When a message yields nothing to upload, decides per mailbox whether its body is an invoice to
 * render (`bodyToPdf`), renders it once, and adds it as a candidate named after its date and
 * subject; the ledger, the report and deduplication then treat it like an attachment. When the
 * message forwards messages (an attached `.eml`, a `message/rfc822` part), the forwarded messages'
 * bodies are considered instead of its own (`bodySources`), each named after its own date and
 * subject. A body not rendered is listed as skipped, with the reason. A render failure that may
 * pass is thrown (the queue retries the message) until `finalAttempt`, when it is reported instead.
 */
export async function considerMessageBody(input: BodyInput, ports: BodyPorts): Promise<BodyOutcome> {
  const unchanged: BodyOutcome = { documents: input.documents, documentsFor: () => input.documents };
  if (input.mailboxes.length === 0) return unchanged;
  if (input.documents.some((document) => document.decision.action === 'upload')) return unchanged;
  const sources = bodySources(input.parsed, input.found ?? []);
  if (sources.length === 0) return unchanged;

  const taken = input.documents.map((document) => document.filename);
  const added: DocumentCandidate[] = [];
  // Which mailboxes want each rendered body, by its candidate.
  const wantedBy = new Map<DocumentCandidate, ReadonlySet<string>>();
  let failure: string | undefined;
  let rendered = 0;
  for (const source of sources) {
    const context: BodyDocumentContext = { takenFilenames: [...taken], receivedAt: input.receivedAt };
    const outcome = await considerOne(source, context, input, ports, rendered >= MAX_RENDERED_BODIES);
    taken.push(outcome.document.filename);
    added.push(outcome.document);
    if (outcome.wantedBy !== undefined) {
      wantedBy.set(outcome.document, outcome.wantedBy);
      rendered += 1;
    }
    failure ??= outcome.failure;
  }

  const documents = [...input.documents, ...added];
  return {
    documents,
    documentsFor: (mailbox) =>
      documents.filter((document) => wantedBy.get(document)?.has(mailbox.address) ?? true),
    ...(failure === undefined ? {} : { failure }),
  };
}

/** One body's fate: its candidate, the mailboxes that take it when rendered, or why it failed. */
interface OneBody {
  readonly document: DocumentCandidate;
  readonly wantedBy?: ReadonlySet<string>;
  readonly failure?: string;
}

async function considerOne(
  source: BodySource,
  context: BodyDocumentContext,
  input: BodyInput,
  ports: BodyPorts,
  overLimit: boolean,
): Promise<OneBody> {
  const { body } = source;
  const facts = { subject: body.subject, text: readableText(body) };
  const verdicts = new Map<string, BodyVerdict>(
    input.mailboxes.map((mailbox) => [mailbox.address, shouldRenderBody(mailbox.bodyToPdf ?? 'auto', facts)]),
  );
  const skipped = (reason: string): DocumentCandidate => skippedBodyDocument(source, context, reason);

  const wanted = [...verdicts.values()].find((verdict) => verdict.render);
  if (wanted === undefined) {
    return { document: skipped(verdicts.values().next().value?.reason ?? 'not rendered') };
  }
  if (ports.renderer === undefined) {
    return {
      document: skipped('rendering message bodies to PDF is not available where this message was processed'),
    };
  }
  if (overLimit) {
    return {
      document: skipped(`not rendered: ${MAX_RENDERED_BODIES} message bodies were rendered already (limit)`),
    };
  }

  let pdf: Buffer;
  try {
    ports.deadline?.check('rendering a message body');
    pdf = await ports.renderer.render(bodyPage(body));
  } catch (error) {
    const errorKind = errorKindOf(error);
    const retry = errorKind !== 'permanent' && !input.finalAttempt;
    ports.log[retry ? 'warn' : 'error']('message body not rendered', {
      messageId: input.messageId,
      origin: source.origin,
      errorKind,
      error: describeError(error),
      retry,
    });
    if (retry) throw error;
    const failure = `the message body could not be rendered to PDF: ${describeError(error)}`;
    return { document: skipped(failure), failure };
  }

  const document = renderedBodyDocument(pdf, source, context);
  ports.log.info('message body rendered', {
    messageId: input.messageId,
    filename: document.filename,
    size: document.size,
    origin: source.origin,
    why: wanted.reason,
  });
  const wantedBy = new Set([...verdicts].filter(([, verdict]) => verdict.render).map(([address]) => address));
  return { document, wantedBy };
}
