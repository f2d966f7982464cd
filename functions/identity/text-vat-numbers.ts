import { normaliseVatNumber } from './vat-number';

/**
 * VAT numbers as invoices print them, with the country prefix and the usual dots and spaces:
 * `BE 0123.456.749`, `NL 8200.98.395.B01`, `FR 40 303 265 045`, `DE 136 695 976`, `LU 1502 7442`.
 */
const PREFIXED =
  /(?<![\p{L}\d])(BE\s?[01]\d{3}[.\s]?\d{3}[.\s]?\d{3}|NL\s?\d{4}[.\s]?\d{2}[.\s]?\d{3}[.\s]?B[.\s]?\d{2}|FR\s?\d{2}\s?\d{3}\s?\d{3}\s?\d{3}|DE\s?\d{3}\s?\d{3}\s?\d{3}|LU\s?\d{4}\s?\d{4})(?![\d])/gu;

/**
 * A Belgian enterprise number without `BE`, after the label that names it (`BTW`, `TVA`,
 * `Ondernemingsnummer`, `N° d'entreprise`, `KBO`, `BCE`...).
 */
const BELGIAN_LABELLED =
  /(?:btw|tva|vat|ondernemingsn(?:umme)?r|n\u00b0\s+d[\u2019']entreprise|num\u00e9ro\s+d[\u2019']entreprise|kbo|bce|rpr|rpm)[\s.:-]*(?:nr\.?|n\u00b0)?[\s.:]*([01]\d{3}[.\s]?\d{3}[.\s]?\d{3})(?!\d)/giu;

/** Every valid VAT number in the text (checksum verified), compact and each once, in order of appearance. */
export function findVatNumbers(text: string): string[] {
  const found = [
    ...[...text.matchAll(PREFIXED)].map((match) => ({ at: match.index, written: match[1] ?? '' })),
    ...[...text.matchAll(BELGIAN_LABELLED)].map((match) => ({
      at: match.index,
      written: `BE${match[1] ?? ''}`,
    })),
  ].sort((a, b) => a.at - b.at);
  const numbers = found.map(({ written }) => normaliseVatNumber(written)).filter((vat) => vat !== undefined);
  return [...new Set(numbers)];
}
