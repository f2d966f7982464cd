import { currenciesIn, firstAmount, type TextAmount } from './amount-text';
import { cleanInvoiceNumber, type InvoiceDocumentType } from './invoice-identity';
import type { TextLine } from './pdf-text';
import { leadingDate } from './text-dates';
import {
  AMOUNT_DUE_LABELS,
  BARE_DATE_LABEL,
  CREDIT_NOTE_NUMBER_LABELS,
  CREDIT_NOTE_WORDS,
  INVOICE_NUMBER_LABELS,
  INVOICE_WORDS,
  ISSUE_DATE_LABELS,
  NOT_AN_INVOICE_WORDS,
  TOTAL_LABELS,
} from './text-labels';
import { findVatNumbers } from './text-vat-numbers';

/** A value sits below its label when its left edge is within this many points of the label's. */
const BELOW_TOLERANCE_POINTS = 40;

/** Invoice numbers are short; a longer run of characters is not one. */
const MAX_NUMBER_LENGTH = 30;

/** What a document's text states, before the supplier is told apart from the customer. */
export interface TextFacts {
  readonly documentType: InvoiceDocumentType;
  readonly number: string;
  readonly issueDate: string;
  readonly amount: string;
  readonly currency: string;
  /** Every valid VAT number printed on it (supplier's and customer's), compact. */
  readonly vatNumbers: readonly string[];
}

/** The facts, or why the text does not state them without doubt. */
export type TextFactsResult =
  | { readonly found: true; readonly facts: TextFacts }
  | { readonly found: false; readonly reason: string };

/**
 * Reads the invoice facts a person would copy from a PDF: type, number, issue date, amount to
 * pay and currency, each from a label and the value beside or below it. A field read twice
 * with different values, or not read at all, means no identity: never a guess.
 */
export function textFacts(lines: readonly TextLine[]): TextFactsResult {
  const all = lines.map((line) => line.text).join('\n');
  if (NOT_AN_INVOICE_WORDS.test(all))
    return missing('it reads as a quote, order or pro forma, not an invoice');
  const documentType: InvoiceDocumentType | undefined = CREDIT_NOTE_WORDS.test(all)
    ? 'credit-note'
    : INVOICE_WORDS.test(all)
      ? 'invoice'
      : undefined;
  if (documentType === undefined) return missing('no word says it is an invoice or a credit note');

  const numberLabels = documentType === 'credit-note' ? CREDIT_NOTE_NUMBER_LABELS : INVOICE_NUMBER_LABELS;
  const numbers = distinct(valuesAfter(lines, numberLabels, invoiceNumberAt));
  if (numbers.length !== 1)
    return missing(
      numbers.length === 0 ? 'no labelled invoice number' : `several invoice numbers (${numbers.join(', ')})`,
    );

  let dates = distinct(valuesAfter(lines, ISSUE_DATE_LABELS, leadingDate));
  if (dates.length === 0) dates = distinct(valuesAfter(lines, [BARE_DATE_LABEL], leadingDate));
  if (dates.length !== 1)
    return missing(
      dates.length === 0 ? 'no labelled issue date' : `several issue dates (${dates.join(', ')})`,
    );

  let amounts = valuesAfter(lines, AMOUNT_DUE_LABELS, firstAmount);
  if (amounts.length === 0) amounts = valuesAfter(lines, TOTAL_LABELS, firstAmount);
  const values = distinct(amounts.map((amount) => amount.amount));
  if (values.length !== 1)
    return missing(
      values.length === 0 ? 'no labelled amount to pay' : `several amounts to pay (${values.join(', ')})`,
    );
  if (documentType === 'invoice' && amounts.some((amount) => amount.negative))
    return missing('the amount to pay is negative');

  const currency = currencyOf(amounts, all);
  if (currency === undefined) return missing('no single currency is written');
  return {
    found: true,
    facts: {
      documentType,
      number: numbers[0] ?? '',
      issueDate: dates[0] ?? '',
      amount: values[0] ?? '',
      currency,
      vatNumbers: findVatNumbers(all),
    },
  };
}

function missing(reason: string): TextFactsResult {
  return { found: false, reason };
}

/** The currency beside the amounts, else the one currency the whole text mentions. */
function currencyOf(amounts: readonly TextAmount[], all: string): string | undefined {
  const beside = distinct(
    amounts.flatMap((amount) => (amount.currency === undefined ? [] : [amount.currency])),
  );
  if (beside.length > 1) return undefined;
  if (beside.length === 1) return beside[0];
  const mentioned = currenciesIn(all);
  return mentioned.length === 1 ? mentioned[0] : undefined;
}

/**
 * The values each label occurrence is followed by: on the same line after the label, or, when the
 * label stands alone (a column heading), in the piece right below it.
 */
function valuesAfter<T>(
  lines: readonly TextLine[],
  labels: readonly RegExp[],
  read: (text: string) => T | undefined,
): T[] {
  const found: T[] = [];
  lines.forEach((line, index) => {
    line.pieces.forEach((piece, at) => {
      for (const label of labels) {
        const match = new RegExp(`(?<![\\p{L}])(?:${label.source})(?![\\p{L}])`, 'iu').exec(piece.text);
        if (match === null) continue;
        const rest = [
          piece.text.slice(match.index + match[0].length),
          ...line.pieces.slice(at + 1).map((next) => next.text),
        ]
          .join(' ')
          .replace(/^[\s:.#\u00b0\u00ba)(-]*/u, '');
        const value = read(rest);
        if (value !== undefined) found.push(value);
        else if (
          piece.text.slice(match.index + match[0].length).replace(/[\s:.]/g, '') === '' &&
          /^\p{L}|^$/u.test(rest)
        ) {
          const below = lines[index + 1]?.pieces.find(
            (next) => Math.abs(next.x - piece.x) <= BELOW_TOLERANCE_POINTS,
          );
          const under = below === undefined ? undefined : read(below.text);
          if (under !== undefined) found.push(under);
        }
        break;
      }
    });
  });
  return found;
}

/** An invoice number at the start of `text`: letters, digits and `/ - . _`, with a digit, not a date. */
function invoiceNumberAt(text: string): string | undefined {
  const token = /^[\p{L}\d][\p{L}\d/._-]*/u.exec(text)?.[0]?.replace(/[._-]+$/, '');
  if (token === undefined || token.length > MAX_NUMBER_LENGTH || !/\d/.test(token)) return undefined;
  if (leadingDate(token) !== undefined) return undefined;
  return cleanInvoiceNumber(token);
}

function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
