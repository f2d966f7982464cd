import { escapePdfString, onePagePdf } from '../../functions/local/text-pdf';

/**
 * A small but valid one-page A4 PDF showing `text`, with a correct cross-reference table.
 * The same text always gives the same bytes, so fixtures can use distinct texts to get
 * distinct files and tests can recompute the expected hash.
 */
export function minimalPdf(text: string): Buffer {
  return onePagePdf(`BT /F1 18 Tf 72 770 Td (${escapePdfString(text)}) Tj ET`);
}
