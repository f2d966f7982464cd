/** A Belgian enterprise number has ten digits; the last two are a mod-97 check. */
const COMPANY_NUMBER_DIGITS = 10;

/**
 * Normalises what people type (`BE 0123.456.749`, `123456749`, `be0123456749`) to ten digits,
 * or returns `undefined` when it is not a valid Belgian enterprise number.
 */
export function normaliseCompanyNumber(input: string): string | undefined {
  const compact = input
    .trim()
    .replace(/^BE/i, '')
    .replace(/[\s.\-/]/g, '');
  if (!/^\d{9,10}$/.test(compact)) return undefined;
  const digits = compact.padStart(COMPANY_NUMBER_DIGITS, '0');
  return hasValidCheckDigits(digits) ? digits : undefined;
}

/** The last two digits are 97 minus (the first eight digits mod 97). */
export function hasValidCheckDigits(tenDigits: string): boolean {
  const body = Number(tenDigits.slice(0, 8));
  const check = Number(tenDigits.slice(8));
  return 97 - (body % 97) === check;
}
