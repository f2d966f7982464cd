/**
 * An amount with exactly two decimals in the ways invoices write it: Belgian and French
 * `1.234,56` and `1 234,56`, international `1,234.56`, plain `1234,56` or `1234.56`. Without
 * decimals `1.234` could be a thousand or one, so such amounts are not read.
 */
const AMOUNT =
  /(?<![\d.,])(-\s?)?(\d{1,3}(?:[.\u0020\u00a0\u202f]\d{3})+,\d{2}|\d{1,3}(?:[,\u0020\u00a0\u202f]\d{3})+\.\d{2}|\d+[.,]\d{2})(?!\d|[.,]\d)/u;

/** Currency signs and codes an invoice total may carry, and the ISO code each means. */
const CURRENCIES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\u20ac|\bEUR\b|\beuros?\b/i, 'EUR'],
  [/\u00a3|\bGBP\b/, 'GBP'],
  [/\bUSD\b|US\$/, 'USD'],
  [/\bCHF\b/, 'CHF'],
];

/** An amount read from text: decimal with a point, and the currency written beside it if any. */
export interface TextAmount {
  readonly amount: string;
  readonly negative: boolean;
  readonly currency?: string;
  /** Where the amount's text ends in the searched string. */
  readonly end: number;
}

/** The first amount in `text`, with a currency sign or code right before or after it. */
export function firstAmount(text: string): TextAmount | undefined {
  const match = AMOUNT.exec(text);
  if (match === null) return undefined;
  const written = match[2] ?? '';
  const decimal = written.slice(-3, -2);
  const amount = `${
    written
      .slice(0, -3)
      .replace(/[^\d]/g, '')
      .replace(/^0+(?=\d)/, '') || '0'
  }${decimal === '' ? '' : '.'}${written.slice(-2)}`;
  const end = match.index + match[0].length;
  const around = `${text.slice(Math.max(0, match.index - 4), match.index)} ${text.slice(end, end + 5)}`;
  const currency = currenciesIn(around);
  return {
    amount,
    negative: match[1] !== undefined,
    end,
    ...(currency.length === 1 ? { currency: currency[0] } : {}),
  };
}

/** Every currency a text mentions, as ISO codes, each once. */
export function currenciesIn(text: string): string[] {
  return CURRENCIES.filter(([pattern]) => pattern.test(text)).map(([, code]) => code);
}
