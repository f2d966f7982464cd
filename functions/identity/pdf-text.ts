import { closePdf, openPdf } from '../documents/pdf-reader';

/** A page beyond this is not read: an invoice's identity is on its first pages, and big PDFs stay cheap. */
export const MAX_TEXT_PAGES = 5;

/** One line of a page's text: the pieces at one height, left to right. */
export interface TextLine {
  /** The pieces of text on the line, in reading order, each with its left edge in points. */
  readonly pieces: ReadonlyArray<{ readonly x: number; readonly text: string }>;
  /** The line's text with its pieces joined by a tab where a gap separates them. */
  readonly text: string;
}

/** The text layer of a PDF, page by page, or why it has none. */
export type PdfTextResult =
  | { readonly ok: true; readonly lines: readonly TextLine[] }
  | { readonly ok: false; readonly reason: string };

/** Text pieces whose baselines differ by less than this (in points) sit on one line. */
const SAME_LINE_POINTS = 2;

/** A horizontal gap wider than this (points) separates two columns' pieces, not two words. */
const COLUMN_GAP_POINTS = 12;

interface TextPiece {
  readonly str: string;
  readonly transform: readonly number[];
  readonly width: number;
}

/**
 * Reads a PDF's text layer with pdf.js (Mozilla's PDF reader), the same lazily loaded copy the
 * readability check uses, opened the same way (`openPdf` in functions/documents/pdf-reader.ts), so
 * the cold start does not pay for it. Evaluating code from the PDF and fetching fonts are off: only
 * the text operators are read (pdf.js's `stopAtErrors` stays false: a broken page yields what it can).
 */
export async function pdfTextLines(content: Buffer): Promise<PdfTextResult> {
  const task = await openPdf(content);
  try {
    const document = await task.promise;
    const lines: TextLine[] = [];
    for (let number = 1; number <= Math.min(document.numPages, MAX_TEXT_PAGES); number += 1) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      lines.push(...linesOf(content.items.filter((item): item is TextPiece & typeof item => 'str' in item)));
    }
    if (lines.length === 0)
      return { ok: false, reason: 'the PDF has no text layer (a scan?); no OCR is done' };
    return { ok: true, lines };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `the PDF's text cannot be read (${why})` };
  } finally {
    await closePdf(task, content);
  }
}

/** Groups a page's pieces into lines, top to bottom, each left to right. */
function linesOf(items: readonly TextPiece[]): TextLine[] {
  const pieces = items
    .filter((item) => item.str.trim() !== '')
    .map((item) => ({
      x: item.transform[4] ?? 0,
      y: item.transform[5] ?? 0,
      width: item.width,
      text: item.str,
    }))
    .sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Array<typeof pieces> = [];
  for (const piece of pieces) {
    const line = lines.at(-1);
    if (line !== undefined && Math.abs((line[0]?.y ?? 0) - piece.y) < SAME_LINE_POINTS) line.push(piece);
    else lines.push([piece]);
  }
  return lines.map((line) => {
    const sorted = line.sort((a, b) => a.x - b.x);
    let text = '';
    let end = Number.NEGATIVE_INFINITY;
    for (const piece of sorted) {
      if (text !== '') text += piece.x - end > COLUMN_GAP_POINTS ? '\t' : ' ';
      text += piece.text.trim();
      end = piece.x + piece.width;
    }
    return { pieces: sorted.map(({ x, text }) => ({ x, text: text.trim() })), text };
  });
}
