import { XMLParser } from 'fast-xml-parser';
import { readXmlRoot } from '../documents/xml-root';

/** One invoice line, as a person reads it. */
export interface InvoiceLineSummary {
  readonly id?: string;
  readonly name?: string;
  readonly quantity?: string;
  readonly amount?: string;
}

/** What an accountant looks for first in a UBL invoice or credit note. */
export interface InvoiceXmlSummary {
  readonly documentType: string;
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

type Node = Record<string, unknown>;

/**
 * Reads the fields of a UBL document for the console's preview. The root is checked first with
 * the pipeline's own reader, which refuses any DOCTYPE, so no entity exists to expand; the parser
 * is told not to process entities anyway. Undefined when the XML is not a UBL invoice.
 */
export function summariseInvoiceXml(content: Buffer): InvoiceXmlSummary | undefined {
  const root = readXmlRoot(content);
  if (!root.ok || (root.root.localName !== 'Invoice' && root.root.localName !== 'CreditNote'))
    return undefined;
  let document: Node;
  try {
    document = new XMLParser({
      removeNSPrefix: true,
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      processEntities: false,
      parseTagValue: false,
    }).parse(content) as Node;
  } catch {
    return undefined;
  }
  const invoice = node(document[root.root.localName]);
  if (invoice === undefined) return undefined;
  const supplier = node(node(invoice.AccountingSupplierParty)?.Party);
  const customer = node(node(invoice.AccountingCustomerParty)?.Party);
  const lineKey = root.root.localName === 'Invoice' ? 'InvoiceLine' : 'CreditNoteLine';
  const quantityKey = root.root.localName === 'Invoice' ? 'InvoicedQuantity' : 'CreditedQuantity';
  const lines = list(invoice[lineKey])
    .slice(0, MAX_SUMMARY_LINES)
    .map((line) =>
      compact({
        id: text(line.ID),
        name: text(node(line.Item)?.Name),
        quantity: text(line[quantityKey]),
        amount: amount(line.LineExtensionAmount),
      }),
    );
  return {
    documentType: root.root.localName === 'Invoice' ? 'invoice' : 'credit note',
    ...compact({
      number: text(invoice.ID),
      issueDate: text(invoice.IssueDate),
      dueDate: text(invoice.DueDate),
      supplier: partyName(supplier),
      supplierId: text(node(supplier?.PartyLegalEntity)?.CompanyID) ?? text(supplier?.EndpointID),
      customer: partyName(customer),
      currency: text(invoice.DocumentCurrencyCode),
      payable: amount(node(invoice.LegalMonetaryTotal)?.PayableAmount),
    }),
    lines,
  };
}

function partyName(party: Node | undefined): string | undefined {
  return text(node(party?.PartyName)?.Name) ?? text(node(party?.PartyLegalEntity)?.RegistrationName);
}

function amount(value: unknown): string | undefined {
  const figure = text(value);
  const currency = node(value)?.['@currencyID'];
  return figure === undefined ? undefined : typeof currency === 'string' ? `${figure} ${currency}` : figure;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return text(value[0]);
  const inner = node(value)?.['#text'];
  return inner === undefined ? undefined : text(inner);
}

function node(value: unknown): Node | undefined {
  if (Array.isArray(value)) return node(value[0]);
  return typeof value === 'object' && value !== null ? (value as Node) : undefined;
}

function list(value: unknown): Node[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((item) => {
    const entry = node(item);
    return entry === undefined ? [] : [entry];
  });
}

/** Drops undefined fields, for `exactOptionalPropertyTypes`-friendly objects. */
function compact<T extends Record<string, string | undefined>>(fields: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: string;
  };
}
