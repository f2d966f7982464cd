/** Month names in Dutch, French, English and German (and their usual abbreviations), to month numbers (letters outside ASCII as `\u` escapes). */
const MONTHS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(jan(uari|uary|vier|uar)?|janv\.?|j\u00e4n(ner)?)$/i, 1],
  [/^(feb(ruari|ruary|ruar)?|f\u00e9vr?(ier)?\.?)$/i, 2],
  [/^(maart|march|mars|m\u00e4rz|mar|mrt)$/i, 3],
  [/^(april|avril|apr|avr)$/i, 4],
  [/^(mei|may|mai)$/i, 5],
  [/^(juni|june|juin|jun)$/i, 6],
  [/^(juli|july|juillet|juil\.?|jul)$/i, 7],
  [/^(augustus|august|ao\u00fbt|aug)$/i, 8],
  [/^(september|septembre|sept?)$/i, 9],
  [/^(oktober|october|octobre|okt|oct)$/i, 10],
  [/^(november|novembre|nov)$/i, 11],
  [/^(december|d\u00e9cembre|dezember|dec|d\u00e9c|dez)$/i, 12],
];

/** `YYYY-MM-DD` of the first date at the start of `text` (after spaces), or undefined. */
export function leadingDate(text: string): string | undefined {
  const trimmed = text.trimStart();
  // ISO first: 2024-03-12.
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?!\d)/.exec(trimmed);
  if (iso !== null) return checked(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  // Day first, as Belgium, France, the Netherlands and Germany write it: 12/03/2024, 12-03-2024, 12.03.2024.
  const numeric = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?!\d)/.exec(trimmed);
  if (numeric !== null) return checked(Number(numeric[4]), Number(numeric[3]), Number(numeric[1]));
  // 12 maart 2024, 12 mars 2024, 12. März 2024, 1er avril 2024.
  const named = /^(\d{1,2})(?:er|\.)?\s+([\p{L}.]+)\s+(\d{4})(?!\d)/u.exec(trimmed);
  if (named !== null) return withMonthName(Number(named[3]), named[2] ?? '', Number(named[1]));
  // March 12, 2024.
  const english = /^([\p{L}.]+)\s+(\d{1,2}),?\s+(\d{4})(?!\d)/u.exec(trimmed);
  if (english !== null) return withMonthName(Number(english[3]), english[1] ?? '', Number(english[2]));
  return undefined;
}

function withMonthName(year: number, name: string, day: number): string | undefined {
  const month = MONTHS.find(([pattern]) => pattern.test(name))?.[1];
  return month === undefined ? undefined : checked(year, month, day);
}

/** The date as `YYYY-MM-DD` if it exists in the calendar (no 31 February). */
function checked(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return date.toISOString().slice(0, 10);
}
