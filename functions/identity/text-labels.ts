/**
 * The labels invoices print before the values we read, in Dutch, French, English and German.
 * Each pattern matches the label only (the value follows it on the line or sits below it);
 * `N` stands for the ways "number" is abbreviated: nr, nr., no, no., n°, nº, #, nummer, numéro.
 * Letters outside ASCII are written as `\u` escapes (docs/development.md: the bundle stays ASCII).
 */
const N = String.raw`(?:nummer|number|num\u00e9ro|nr\.?|no\.?|n\u00b0|n\u00ba|#|num\.?)`;

/** Labels of an invoice's number. */
export const INVOICE_NUMBER_LABELS: readonly RegExp[] = [
  new RegExp(String.raw`factuur\s?${N}`, 'iu'),
  new RegExp(String.raw`(?:${N}|num\u00e9ro)\s+(?:de\s+)?(?:la\s+)?facture`, 'iu'),
  new RegExp(String.raw`facture\s+${N}`, 'iu'),
  new RegExp(String.raw`invoice\s?${N}`, 'iu'),
  new RegExp(String.raw`rechnungs?-?\s?${N}`, 'iu'),
];

/** Labels of a credit note's number. */
export const CREDIT_NOTE_NUMBER_LABELS: readonly RegExp[] = [
  new RegExp(String.raw`credit\s?nota\s?${N}`, 'iu'),
  new RegExp(String.raw`credit\s?note\s?${N}`, 'iu'),
  new RegExp(String.raw`(?:${N}|num\u00e9ro)\s+(?:de\s+)?(?:la\s+)?note\s+de\s+cr\u00e9dit`, 'iu'),
  new RegExp(String.raw`note\s+de\s+cr\u00e9dit\s+${N}`, 'iu'),
  new RegExp(String.raw`(?:${N}|num\u00e9ro)\s+d[\u2019']avoir`, 'iu'),
  new RegExp(String.raw`avoir\s+${N}`, 'iu'),
  new RegExp(String.raw`gutschrifts?-?\s?${N}`, 'iu'),
];

/** Labels of the issue date, most specific first; a bare "Date:" only where nothing else is found. */
export const ISSUE_DATE_LABELS: readonly RegExp[] = [
  /factuurdatum|datum\s+(?:van\s+)?(?:de\s+)?factuur|creditnotadatum|datum\s+creditnota/iu,
  /date\s+de\s+(?:la\s+)?(?:facture|note\s+de\s+cr\u00e9dit)|date\s+d[\u2019']\u00e9mission|date\s+facture/iu,
  /invoice\s+date|credit\s+note\s+date|date\s+of\s+issue|issue\s+date|date\s+issued/iu,
  /rechnungsdatum|gutschriftsdatum|ausstellungsdatum/iu,
];

/** A bare date label, read only when it ends in a colon and no specific label was found. */
export const BARE_DATE_LABEL = /(?:datum|date)\s*:/iu;

/** Labels of the amount to pay: read first, since a total may still have an advance deducted. */
export const AMOUNT_DUE_LABELS: readonly RegExp[] = [
  /(?:totaal\s+)?te\s+betalen(?:\s+bedrag)?/iu,
  /(?:total|montant|net|solde)\s+(?:total\s+)?\u00e0\s+payer/iu,
  /(?:total\s+)?amount\s+(?:due|payable)|total\s+due|balance\s+due|total\s+to\s+pay/iu,
  /zu\s+zahlen(?:der\s+betrag)?|zahlbetrag|zahlungsbetrag/iu,
];

/** Labels of the total including VAT, read when no amount to pay is labelled. */
export const TOTAL_LABELS: readonly RegExp[] = [
  /totaal\s+(?:incl\.?|inclusief)\s+btw|totaal\s+tvac|totaalbedrag|factuurbedrag/iu,
  /total\s+ttc|total\s+tvac|montant\s+total\s+(?:ttc|tvac)/iu,
  /total\s+(?:\(?incl\.?|including)\s+vat\)?|invoice\s+total|grand\s+total/iu,
  /gesamtbetrag|rechnungsbetrag|endbetrag|gesamtsumme(?:\s+brutto)?/iu,
];

/** Words that make a document a credit note. */
export const CREDIT_NOTE_WORDS =
  /credit\s?nota|credit\s?note|note\s+de\s+cr\u00e9dit|\bavoir\s+(?:n\u00b0|n\u00ba|no|nr)|num\u00e9ro\s+d[\u2019']avoir|gutschrift/iu;

/** Words that make a document an invoice. */
export const INVOICE_WORDS = /factuur|facture|invoice|rechnung/iu;

/** Documents that look like invoices but are not one: an identity read from them would be wrong. */
export const NOT_AN_INVOICE_WORDS =
  /pro\s?-?\s?forma|offerte|devis|quotation|\bquote\b|angebot|bestelbon|bon\s+de\s+commande|purchase\s+order|auftragsbest\u00e4tigung|orderbevestiging/iu;
