/**
 * The words and amounts that make a message body look like an invoice or a receipt, for the
 * `auto` body-to-PDF policy (see `should-render-body.ts`). This is the one list to extend when a
 * client's receipts are missed or a newsletter is rendered: add the word in lower case, with its
 * accents; matching ignores case and accents and also counts longer words that start with it
 * (`factuur` finds `factuurnummer`, `rechnung` finds `Rechnungsbetrag`, `invoice` finds `invoices`).
 */

/** The languages a Belgian client's suppliers write in. */
export type InvoiceLanguage = 'nl' | 'fr' | 'en' | 'de';

/** Words that name an invoice, a receipt or a proof of payment: they count in the subject and in the body. */
export const INVOICE_WORDS: Readonly<Record<InvoiceLanguage, readonly string[]>> = {
  nl: [
    'factuur',
    'facturen',
    'creditnota',
    'kasticket',
    'kassaticket',
    'kassabon',
    'ontvangstbewijs',
    'betaalbewijs',
    'betalingsbewijs',
    'aankoopbewijs',
    'bestelbevestiging',
    'orderbevestiging',
    'betalingsbevestiging',
    'parkeerticket',
    'tankbon',
  ],
  fr: [
    'facture',
    'note de crédit',
    'reçu de paiement',
    'ticket de caisse',
    'quittance',
    'justificatif de paiement',
    'confirmation de commande',
    'confirmation de paiement',
  ],
  en: [
    'invoice',
    'receipt',
    'credit note',
    'order confirmation',
    'payment confirmation',
    'billing statement',
  ],
  de: [
    'rechnung',
    'quittung',
    'kassenbon',
    'kassenbeleg',
    'zahlungsbeleg',
    'gutschrift',
    'bestellbestätigung',
    'auftragsbestätigung',
    'zahlungsbestätigung',
    'parkschein',
    'tankquittung',
  ],
};

/**
 * Words that point to a purchase but also fill advertising ("order now", "commandez"): they count
 * only in the subject, and only with an amount in the message.
 */
export const ORDER_WORDS: Readonly<Record<InvoiceLanguage, readonly string[]>> = {
  nl: ['bestelling', 'bestelnummer', 'aankoop', 'betaling', 'abonnement'],
  fr: ['reçu', 'commande', 'achat', 'paiement', 'abonnement'],
  en: ['order', 'purchase', 'payment', 'subscription', 'renewal'],
  de: ['bestellung', 'bestellnummer', 'zahlung', 'abonnement', 'einkauf'],
};

/** Currency symbols and ISO codes a Belgian business pays in, most common first. */
const CURRENCY = String.raw`\u20ac|\$|\u00a3|(?<![\p{L}])(?:EUR|USD|GBP|CHF)(?![\p{L}])`;

/**
 * A price as people write it: `12,50`, `1.234,50`, `1 234.50`, `12` (thousands separated by a dot,
 * a comma or a (narrow) no-break space). Bounded repetitions keep the match linear.
 */
const NUMBER = String.raw`\d{1,3}(?:[.,\u00a0\u202f ]\d{3}){0,4}(?:[.,]\d{1,2})?(?!\d)|\d{1,9}(?:[.,]\d{1,2})?(?!\d)`;

/** An amount with its currency on either side: `€ 12,50`, `12.50 EUR`, `EUR 1.234,00`. */
export const AMOUNT = new RegExp(
  String.raw`(?:${CURRENCY})[\u00a0\u202f ]?(?:${NUMBER})|(?<![\d.,])(?:${NUMBER})[\u00a0\u202f ]?(?:${CURRENCY})`,
  'u',
);

/** Lower case, accents removed, whitespace collapsed: the form words are compared in. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Finds, at the start of a word, any word of a list; answers with the list's word, accents and all.
 * The pattern is built on first use, off the ingest function's cold start.
 */
class WordFinder {
  private pattern: RegExp | undefined;
  private readonly byFolded = new Map<string, string>();

  constructor(private readonly lists: Readonly<Record<InvoiceLanguage, readonly string[]>>) {}

  /** The first listed word `text` contains, if any. */
  find(text: string): string | undefined {
    this.pattern ??= this.compile();
    const found = this.pattern.exec(foldText(text))?.[0];
    return found === undefined ? undefined : this.byFolded.get(found);
  }

  private compile(): RegExp {
    const words = Object.values(this.lists).flat();
    for (const word of words) this.byFolded.set(foldText(word), word);
    // Longest first, so `reçu de paiement` wins over a shorter word at the same place.
    const alternatives = [...this.byFolded.keys()]
      .sort((a, b) => b.length - a.length)
      .map((folded) => folded.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})`, 'u');
  }
}

const INVOICE_FINDER = new WordFinder(INVOICE_WORDS);
const ORDER_FINDER = new WordFinder(ORDER_WORDS);

/** The first invoice word in `text`, as the list spells it. */
export function findInvoiceWord(text: string): string | undefined {
  return INVOICE_FINDER.find(text);
}

/** The first order word in `text`, as the list spells it. */
export function findOrderWord(text: string): string | undefined {
  return ORDER_FINDER.find(text);
}

/** The first amount with a currency in `text`, as written. */
export function findAmount(text: string): string | undefined {
  return AMOUNT.exec(text.normalize('NFKC'))?.[0];
}
