/** A Belgian enterprise number has ten digits; the last two are a mod-97 check. */
const COMPANY_NUMBER_DIGITS = 10;

/**
 * Belgian enterprise numbers start with 0 or 1: the Crossroads Bank for Enterprises (KBO/BCE, FPS
 * Economy) issues no others, so any other first digit is a typing mistake that happens to pass
 * the mod-97 check.
 */
const FIRST_DIGITS = /^[01]/;

/**
 * Normalises what people type (`BE 0123.456.749`, `123456749`, `be0123456749`) to ten digits,
 * or returns `undefined` when it is not a valid Belgian enterprise number.
 */
export function normaliseCompanyNumber(input: string): string | undefined {
  const digits = tenDigits(input);
  return digits !== undefined && problemWith(digits) === undefined ? digits : undefined;
}

/** Why `input` is not a Belgian enterprise number (for a config error), or `undefined` when it is one. */
export function companyNumberProblem(input: string): string | undefined {
  const digits = tenDigits(input);
  if (digits === undefined) return 'not ten digits (nine are taken as having lost their leading 0)';
  return problemWith(digits);
}

/** The last two digits are 97 minus (the first eight digits mod 97). */
export function hasValidCheckDigits(tenDigits: string): boolean {
  const body = Number(tenDigits.slice(0, 8));
  const check = Number(tenDigits.slice(8));
  return 97 - (body % 97) === check;
}

/** The digits of what people type, padded to ten, or `undefined` when it is not nine or ten digits. */
function tenDigits(input: string): string | undefined {
  const compact = input
    .trim()
    .replace(/^BE/i, '')
    .replace(/[\s.\-/]/g, '');
  if (!/^\d{9,10}$/.test(compact)) return undefined;
  return compact.padStart(COMPANY_NUMBER_DIGITS, '0');
}

function problemWith(digits: string): string | undefined {
  if (!FIRST_DIGITS.test(digits))
    return `starts with ${digits[0]}: Belgian enterprise numbers start with 0 or 1`;
  if (!hasValidCheckDigits(digits)) return 'the last two digits fail the mod-97 check';
  return undefined;
}
