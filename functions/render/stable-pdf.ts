/**
 * Chromium (Skia) stamps every PDF with the time it was printed (`/CreationDate` and `/ModDate` in
 * the document information), so the same body rendered twice would differ in two bytes, and the
 * ledger, which recognises documents by their sha256, would take a retry's PDF for a new one.
 */
const PRINT_DATE = /\/(CreationDate|ModDate) ?\((D:\d{14}[^)]{0,10})\)/g;

/**
 * Replaces the print times with `date` (the message's), so identical pages give identical bytes.
 * Only values of exactly the same length are replaced, which keeps every cross-reference offset
 * in the file valid; a value in another format is left alone.
 */
export function withStableDates(pdf: Buffer, date: Date): Buffer {
  if (Number.isNaN(date.getTime())) return pdf;
  const stamp = `D:${date.toISOString().replace(/\D/g, '').slice(0, 14)}+00'00'`;
  const text = pdf.toString('latin1');
  let changed = false;
  const stable = text.replace(PRINT_DATE, (match: string, _key: string, value: string) => {
    if (value.length !== stamp.length || value === stamp) return match;
    changed = true;
    return match.replace(value, stamp);
  });
  return changed ? Buffer.from(stable, 'latin1') : pdf;
}
