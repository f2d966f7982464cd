/** Whether a document asks to be paid or pays back. */
export type InvoiceDocumentType = 'invoice' | 'credit-note';

/**
 * What makes an invoice the same invoice whatever its bytes: who issued it, what kind of
 * document, its number, its date and what it asks.
 */
export interface InvoiceIdentity {
  /** The supplier: a VAT number (`BE0123456749`), or a Peppol identifier `<scheme>:<id>`. */
  readonly supplier: string;
  readonly documentType: InvoiceDocumentType;
  /** The invoice number as the supplier wrote it, spaces collapsed. */
  readonly number: string;
  /** Issue date, `YYYY-MM-DD`. */
  readonly issueDate: string;
  /** The amount to pay, in decimal with a point and two or more decimals: `1656.25`. */
  readonly amount: string;
  /** ISO 4217 code. */
  readonly currency: string;
}

/** An identity, or why a document has none. */
export type IdentityResult =
  | { readonly identified: true; readonly identity: InvoiceIdentity }
  | { readonly identified: false; readonly reason: string };

/** Where the identity came from, for the report. */
export type IdentitySource = 'xml' | 'pdf-text' | 'embedding-xml';

/** The part of an identity that names one invoice: supplier, type and number, compared without case. */
export function identityKey(identity: InvoiceIdentity): string {
  return [identity.supplier, identity.documentType, identity.number.toUpperCase()].join('#');
}

/** Whether two identities with the same key agree on date and amount: a repeat, not a number collision. */
export function sameInvoice(a: InvoiceIdentity, b: InvoiceIdentity): boolean {
  return a.issueDate === b.issueDate && a.amount === b.amount && a.currency === b.currency;
}

/** An invoice number as compared: trimmed, inner whitespace collapsed. */
export function cleanInvoiceNumber(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** An amount as compared: a decimal with at least two decimals (`12` → `12.00`), or undefined. */
export function canonicalAmount(text: string): string | undefined {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (match === null) return undefined;
  const integer = (match[2] ?? '0').replace(/^0+(?=\d)/, '');
  const decimals = (match[3] ?? '').padEnd(2, '0');
  return `${match[1]}${integer}.${decimals}`;
}
