import { createHash } from 'node:crypto';
import type { DocumentCandidate } from '../documents/document';
import { parseMessage } from '../mail/parse-message';
import { extractDocuments } from '../mail/pick-documents';

/** One document of a message as the console previews it: the bytes that were (or would be) uploaded. */
export interface PreviewDocument {
  readonly candidate: DocumentCandidate;
  /** For a converted image: the file the sender attached, when it sits directly in the message. */
  readonly original?: { readonly filename: string; readonly contentType: string; readonly content: Buffer };
}

/**
 * Extracts a stored message's documents again, with the pipeline's own code, so the preview
 * shows exactly the bytes the pipeline decided about (conversions are deterministic: the ledger
 * relies on that too). Nothing is uploaded or written. A message the parser refuses yields none;
 * its report already says why.
 */
export async function previewDocuments(raw: Buffer): Promise<PreviewDocument[]> {
  let parsed: Awaited<ReturnType<typeof parseMessage>>;
  try {
    parsed = await parseMessage(raw);
  } catch {
    return [];
  }
  const candidates = await extractDocuments(parsed);
  const attachments = new Map(
    parsed.attachments.map((attachment) => [
      createHash('sha256').update(attachment.content).digest('hex'),
      attachment,
    ]),
  );
  return candidates.map((candidate) => {
    const source =
      candidate.convertedFrom === undefined ? undefined : attachments.get(candidate.convertedFrom.sha256);
    return source === undefined
      ? { candidate }
      : {
          candidate,
          original: {
            filename: candidate.convertedFrom?.filename ?? source.filename ?? 'original',
            contentType: source.contentType,
            content: source.content,
          },
        };
  });
}

/** How a document's bytes may be shown: in the page (PDF, a browser image), as text, or only downloaded. */
export type PreviewKind = 'pdf' | 'image' | 'text' | 'download';

/** Image types every browser draws itself; anything else is never handed to the browser as an image. */
const BROWSER_IMAGES: Readonly<Record<string, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
};

/** Types shown as escaped text in the page (never as markup the browser would interpret). */
const TEXT_TYPES = new Set(['invoice-xml', 'xml', 'html', 'text', 'calendar', 'vcard']);

/** How to show bytes sniffed as `detectedType`, and the content type to serve them with. */
export function previewKind(detectedType: string): {
  readonly kind: PreviewKind;
  readonly contentType: string;
} {
  if (detectedType === 'pdf') return { kind: 'pdf', contentType: 'application/pdf' };
  const image = BROWSER_IMAGES[detectedType];
  if (image !== undefined) return { kind: 'image', contentType: image };
  // Served as plain text: an HTML or SVG part is never interpreted, whatever it holds.
  if (TEXT_TYPES.has(detectedType)) return { kind: 'text', contentType: 'text/plain; charset=utf-8' };
  return { kind: 'download', contentType: 'application/octet-stream' };
}
