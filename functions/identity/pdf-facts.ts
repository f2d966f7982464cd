import { pdfTextLines } from './pdf-text';
import { type TextFactsResult, textFacts } from './text-identity';

/**
 * The invoice facts a PDF's text layer states, or why there are none (no text layer, an
 * unreadable file, a field missing or doubtful).
 */
export async function pdfFacts(content: Buffer): Promise<TextFactsResult> {
  const text = await pdfTextLines(content);
  if (!text.ok) return { found: false, reason: text.reason };
  return textFacts(text.lines);
}
