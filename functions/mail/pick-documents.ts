import type { ParsedMail } from 'mailparser';
import { WorkBudget } from '../convert/work-budget';
import type { DocumentCandidate } from '../documents/document';
import { applyMessageRules } from '../documents/message-rules';
import { MAX_DOCUMENTS_PER_MESSAGE } from '../shared/limits';
import { UnpackBudget } from '../unpack/unpack-budget';
import { partsOfMessage } from './mail-part';
import type { FoundMessage } from './nested-message';
import { UniqueFilenames } from './unique-filenames';
import { walkParts } from './walk-parts';

/**
 * Forwarded messages are opened this many levels deep. People forward a forward a couple of
 * times at most; each level is a full parse, so a crafted message must not nest without bound.
 */
export const MAX_FORWARD_DEPTH = 5;

/** How `extractDocuments` behaves; every field has a sensible default. */
export interface ExtractOptions {
  /** How many levels of forwarded-as-attachment messages to open (default `MAX_FORWARD_DEPTH`). */
  readonly maxForwardDepth?: number;
  /** Upload an invoice XML instead of the PDF of the same invoice beside it (default true; per mailbox). */
  readonly preferInvoiceXml?: boolean;
  /** Upload at most this many documents (default `MAX_DOCUMENTS_PER_MESSAGE`). */
  readonly maxDocuments?: number;
  /** Told about each forwarded message (opened or not) and signed MIME entity opened, whose body may be rendered. */
  readonly onMessage?: (message: FoundMessage) => void;
  /** The message's conversion budget (default: a fresh one with `WORK_LIMITS`, no deadline). */
  readonly workBudget?: WorkBudget;
}

/**
 * Lists every attachment of a parsed message as candidates with a safe unique filename, what
 * the bytes are, their hash and a decision: upload, or skip with a reason. Forwarded messages,
 * ZIP archives, winmail.dat, Outlook .msg files and signed content (S/MIME `smime.p7m`, signed
 * `.p7m` files) are opened and their files listed too;
 * images Clearfacts does not take are converted to PDF or JPEG, within the message's work budget
 * (a copy of an image already converted, or one past the document limit, is not converted). Then the message-wide rules
 * apply (XML over its PDF, duplicates, the document limit). The text and HTML bodies are not
 * attachments and are not listed. Expects `parseMessage`'s output (forwards kept as attachments).
 */
export async function extractDocuments(
  parsed: ParsedMail,
  options: ExtractOptions = {},
): Promise<DocumentCandidate[]> {
  const candidates: DocumentCandidate[] = [];
  const maxDocuments = options.maxDocuments ?? MAX_DOCUMENTS_PER_MESSAGE;
  await walkParts(
    partsOfMessage(parsed),
    { origin: 'attachment', forwardDepth: 0, archiveDepth: 0 },
    {
      maxForwardDepth: options.maxForwardDepth ?? MAX_FORWARD_DEPTH,
      budget: new UnpackBudget(),
      names: new UniqueFilenames(),
      candidates,
      ...(options.onMessage === undefined ? {} : { onMessage: options.onMessage }),
      work: options.workBudget ?? new WorkBudget(),
      converted: new Map(),
      maxDocuments,
    },
  );
  return applyMessageRules(candidates, { preferInvoiceXml: options.preferInvoiceXml ?? true, maxDocuments });
}
