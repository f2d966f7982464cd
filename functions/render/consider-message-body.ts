import type { ParsedMail } from 'mailparser';
import type { DocumentCandidate } from '../documents/document';
import type { Mailbox } from '../routing/mailbox';
import { describeError, errorKindOf } from '../shared/errors';
import type { EventLog } from '../shared/event-log';
import { bodyPage } from './body-html';
import { hasBody, messageBodyOf, readableText } from './message-body';
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

/** What deciding about a message's body needs. */
export interface BodyInput {
  readonly parsed: ParsedMail;
  /** The attachments' candidates, from `extractDocuments`. */
  readonly documents: readonly DocumentCandidate[];
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
}

/** The message's candidates once its body was considered. */
export interface BodyOutcome {
  /** Every candidate, the body's (rendered or skipped) last when it was considered. */
  readonly documents: readonly DocumentCandidate[];
  /** The candidates one mailbox receives: the rendered body only when its policy wants it. */
  documentsFor(mailbox: Mailbox): readonly DocumentCandidate[];
  /** Why a body that should have become a PDF did not; the message then counts as failed. */
  readonly failure?: string;
}

/**
 * When a message yields nothing to upload, decides per mailbox whether its body is an invoice to
 * render (`bodyToPdf`), renders it once, and adds it as a candidate named after its date and
 * subject; the ledger, the report and deduplication then treat it like an attachment. A body not
 * rendered is listed as skipped, with the reason. A render failure that may pass is thrown (the
 * queue retries the message) until `finalAttempt`, when it is reported instead.
 */
export async function considerMessageBody(input: BodyInput, ports: BodyPorts): Promise<BodyOutcome> {
  const unchanged: BodyOutcome = { documents: input.documents, documentsFor: () => input.documents };
  if (input.mailboxes.length === 0) return unchanged;
  if (input.documents.some((document) => document.decision.action === 'upload')) return unchanged;
  const body = messageBodyOf(input.parsed);
  if (!hasBody(body)) return unchanged;

  const facts = { subject: body.subject, text: readableText(body) };
  const verdicts = new Map<string, BodyVerdict>(
    input.mailboxes.map((mailbox) => [mailbox.address, shouldRenderBody(mailbox.bodyToPdf ?? 'auto', facts)]),
  );
  const context: BodyDocumentContext = {
    takenFilenames: input.documents.map((document) => document.filename),
    receivedAt: input.receivedAt,
  };
  const skipped = (reason: string): DocumentCandidate[] => [
    ...input.documents,
    skippedBodyDocument(body, context, reason),
  ];

  const wanted = [...verdicts.values()].find((verdict) => verdict.render);
  if (wanted === undefined) {
    const reason = verdicts.values().next().value?.reason ?? 'not rendered';
    return everyone(skipped(reason));
  }
  if (ports.renderer === undefined) {
    return everyone(
      skipped('rendering message bodies to PDF is not available where this message was processed'),
    );
  }

  let pdf: Buffer;
  try {
    pdf = await ports.renderer.render(bodyPage(body));
  } catch (error) {
    const errorKind = errorKindOf(error);
    const retry = errorKind !== 'permanent' && !input.finalAttempt;
    ports.log[retry ? 'warn' : 'error']('message body not rendered', {
      messageId: input.messageId,
      errorKind,
      error: describeError(error),
      retry,
    });
    if (retry) throw error;
    const failure = `the message body could not be rendered to PDF: ${describeError(error)}`;
    return { ...everyone(skipped(failure)), failure };
  }

  const rendered = renderedBodyDocument(pdf, body, context);
  ports.log.info('message body rendered', {
    messageId: input.messageId,
    filename: rendered.filename,
    size: rendered.size,
    why: wanted.reason,
  });
  const documents = [...input.documents, rendered];
  return {
    documents,
    documentsFor: (mailbox) => (verdicts.get(mailbox.address)?.render === true ? documents : input.documents),
  };
}

function everyone(documents: readonly DocumentCandidate[]): BodyOutcome {
  return { documents, documentsFor: () => documents };
}
