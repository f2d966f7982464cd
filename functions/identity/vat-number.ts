import { hasValidCheckDigits } from '../config/company-number';

/** A VAT number with a known layout and check, written the way VIES writes it: `BE0123456749`. */
export type VatNumber = string;

/**
 * Layout and check of the VAT numbers we read, by country. Only countries whose numbers carry a
 * check we can verify are read: a number with no check could be any digits next to "VAT", and a
 * wrong supplier is worse than none. Sources: the EU's VIES "VAT number validation" FAQ
 * (formats), Belgian FPS Economy (mod 97), Belastingdienst (NL mod 11 and the 2020 mod 97),
 * impots.gouv.fr (FR key), BZSt (DE ISO 7064 MOD 11,10), Luxembourg AED (mod 89).
 */
const CHECKS: Readonly<
  Record<string, { readonly layout: RegExp; readonly valid: (body: string) => boolean }>
> = {
  BE: { layout: /^[01]\d{9}$/, valid: hasValidCheckDigits },
  NL: { layout: /^\d{9}B\d{2}$/, valid: (body) => dutchMod11(body) || dutchMod97(body) },
  FR: { layout: /^\d{11}$/, valid: frenchKey },
  DE: { layout: /^[1-9]\d{8}$/, valid: germanMod1110 },
  LU: { layout: /^\d{8}$/, valid: (body) => Number(body.slice(0, 6)) % 89 === Number(body.slice(6)) },
};

/** The countries whose VAT numbers are recognised. */
export const VAT_COUNTRIES: readonly string[] = Object.keys(CHECKS);

/**
 * Normalises a VAT number as people write it (`BE 0123.456.749`, `be0123456749`,
 * `NL 8200.98.395.B01`) to its compact form, or `undefined` unless its layout and check hold.
 */
export function normaliseVatNumber(input: string): VatNumber | undefined {
  const compact = input.toUpperCase().replace(/[\s.\-/\u00a0\u202f]/g, '');
  const country = compact.slice(0, 2);
  const check = CHECKS[country];
  const body = compact.slice(2);
  if (check === undefined || !check.layout.test(body) || !check.valid(body)) return undefined;
  return `${country}${body}`;
}

/** The VAT number of a Belgian enterprise number (ten digits). */
export function belgianVatNumber(companyNumber: string): VatNumber {
  return `BE${companyNumber}`;
}

/** NL before 2020: weights 9..2 on the first eight digits, minus the ninth, is a multiple of 11. */
function dutchMod11(body: string): boolean {
  const digits = [...body.slice(0, 9)].map(Number);
  const sum = digits.slice(0, 8).reduce((total, digit, index) => total + digit * (9 - index), 0);
  return (sum - (digits[8] ?? 0)) % 11 === 0;
}

/** NL since 2020 (sole traders): `NL` + number, letters as 10..35, is 1 mod 97 (ISO 7064). */
function dutchMod97(body: string): boolean {
  const numeric = [...`NL${body}`]
    .map((char) => (/\d/.test(char) ? char : String(char.charCodeAt(0) - 55)))
    .join('');
  return BigInt(numeric) % 97n === 1n;
}

/** FR: a numeric two-digit key is (12 + 3 × (SIREN mod 97)) mod 97. Letter keys are not read. */
function frenchKey(body: string): boolean {
  const key = Number(body.slice(0, 2));
  const siren = Number(body.slice(2));
  return (12 + 3 * (siren % 97)) % 97 === key;
}

/** DE: the ninth digit is the ISO 7064 MOD 11,10 check of the first eight. */
function germanMod1110(body: string): boolean {
  let product = 10;
  for (const char of body.slice(0, 8)) {
    let sum = (Number(char) + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const check = (11 - product) % 10;
  return check === Number(body[8]);
}
