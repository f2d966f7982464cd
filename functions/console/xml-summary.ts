import { readXmlLeaves, type XmlLeaf } from '../identity/xml-leaves';

/** One invoice line, as a person reads it. */
export interface InvoiceLineSummary {
  readonly id?: string;
  readonly name?: string;
  readonly quantity?: string;
  readonly amount?: string;
}

/** What an accountant looks for first in a UBL invoice or credit note. */
export interface InvoiceXmlSummary {
  readonly documentType: 'invoice' | 'credit note';
  readonly number?: string;
  readonly issueDate?: string;
  readonly dueDate?: string;
  readonly supplier?: string;
  readonly supplierId?: string;
  readonly customer?: string;
  readonly currency?: string;
  readonly payable?: string;
  readonly lines: readonly InvoiceLineSummary[];
}

/** A preview lists this many lines; the source beside it has them all. */
export const MAX_SUMMARY_LINES = 200;

/** The element paths read below a root, per document type (UBL names the lines and quantities apart). */
function fieldPaths(root: 'Invoice' | 'CreditNote') {
  const line = root === 'Invoice' ? 'InvoiceLine' : 'CreditNoteLine';
  const quantity = root === 'Invoice' ? 'InvoicedQuantity' : 'CreditedQuantity';
  const supplier = `${root}/AccountingSupplierParty/Party`;
  const customer = `${root}/AccountingCustomerParty/Party`;
  return {
    number: [`${root}/ID`],
    issueDate: [`${root}/IssueDate`],
    dueDate: [`${root}/DueDate`, `${root}/PaymentMeans/PaymentDueDate`],
    supplier: [`${supplier}/PartyName/Name`, `${supplier}/PartyLegalEntity/RegistrationName`],
    supplierId: [`${supplier}/PartyLegalEntity/CompanyID`, `${supplier}/EndpointID`],
    customer: [`${customer}/PartyName/Name`, `${customer}/PartyLegalEntity/RegistrationName`],
    currency: [`${root}/DocumentCurrencyCode`],
    payable: [`${root}/LegalMonetaryTotal/PayableAmount`],
    lineId: `${root}/${line}/ID`,
    lineName: `${root}/${line}/Item/Name`,
    lineQuantity: `${root}/${line}/${quantity}`,
    lineAmount: `${root}/${line}/LineExtensionAmount`,
  };
}

/**
 * Reads the fields of a UBL invoice or credit note for the console's preview, with the same
 * non-expanding reader as the invoice identity (no DOCTYPE, so no entity, is ever accepted).
 * Undefined when the XML is not a UBL invoice or credit note.
 */
export function summariseInvoiceXml(content: Buffer): InvoiceXmlSummary | undefined {
  for (const root of ['Invoice', 'CreditNote'] as const) {
    const paths = fieldPaths(root);
    const wanted = new Set([
      ...Object.values(paths).flatMap((value) => (Array.isArray(value) ? value : [value])),
    ]);
    const read = readXmlLeaves(content, wanted);
    if (!read.ok || !read.leaves.some((leaf) => leaf.path.startsWith(`${root}/`))) continue;
    const first = (candidates: readonly string[], withCurrency = false): string | undefined => {
      for (const path of candidates) {
        const leaf = read.leaves.find((entry) => entry.path === path && entry.text.trim() !== '');
        if (leaf !== undefined) return withCurrency ? withCurrencyOf(leaf) : leaf.text.trim();
      }
      return undefined;
    };
    return {
      documentType: root === 'Invoice' ? 'invoice' : 'credit note',
      ...defined({
        number: first(paths.number),
        issueDate: first(paths.issueDate),
        dueDate: first(paths.dueDate),
        supplier: first(paths.supplier),
        supplierId: first(paths.supplierId),
        customer: first(paths.customer),
        currency: first(paths.currency),
        payable: first(paths.payable, true),
      }),
      lines: linesOf(read.leaves, paths),
    };
  }
  return undefined;
}

/** Groups the line leaves in document order: each line's `ID` opens a new line. */
function linesOf(leaves: readonly XmlLeaf[], paths: ReturnType<typeof fieldPaths>): InvoiceLineSummary[] {
  const lines: Record<string, string>[] = [];
  for (const leaf of leaves) {
    if (leaf.path === paths.lineId) {
      if (lines.length === MAX_SUMMARY_LINES) break;
      lines.push({ id: leaf.text.trim() });
    }
    const line = lines.at(-1);
    if (line === undefined) continue;
    if (leaf.path === paths.lineName) line.name = leaf.text.trim();
    if (leaf.path === paths.lineQuantity) line.quantity = leaf.text.trim();
    if (leaf.path === paths.lineAmount) line.amount = withCurrencyOf(leaf);
  }
  return lines;
}

function withCurrencyOf(leaf: XmlLeaf): string {
  const currency = leaf.attributes.currencyID;
  return currency === undefined ? leaf.text.trim() : `${leaf.text.trim()} ${currency}`;
}

function defined<T extends Record<string, string | undefined>>(fields: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: string;
  };
}
