import {
  canonicalAmount,
  cleanInvoiceNumber,
  type IdentityResult,
  type InvoiceDocumentType,
} from './invoice-identity';
import { normaliseVatNumber } from './vat-number';
import { readXmlLeaves, type XmlLeaf } from './xml-leaves';

/** The paths read, below the root (`Invoice` or `CreditNote`). */
const FIELDS = {
  number: 'ID',
  issueDate: 'IssueDate',
  currency: 'DocumentCurrencyCode',
  payable: 'LegalMonetaryTotal/PayableAmount',
  endpoint: 'AccountingSupplierParty/Party/EndpointID',
  taxCompany: 'AccountingSupplierParty/Party/PartyTaxScheme/CompanyID',
  taxScheme: 'AccountingSupplierParty/Party/PartyTaxScheme/TaxScheme/ID',
  legalCompany: 'AccountingSupplierParty/Party/PartyLegalEntity/CompanyID',
} as const;

/**
 * Peppol participant schemes (ICD / EAS codes) that are a VAT number or the Belgian enterprise
 * number, so the supplier reads the same from the XML as from a PDF showing the VAT number.
 * Source: Peppol "Participant identifier schemes" code list (0208 BE enterprise number, 9925 BE VAT,
 * 9944 NL VAT, 9957 FR VAT, 9930 DE VAT, 9938 LU VAT).
 */
const VAT_SCHEMES: ReadonlySet<string> = new Set(['9925', '9944', '9957', '9930', '9938']);
const BELGIAN_ENTERPRISE_SCHEME = '0208';

const ROOTS: Readonly<Record<string, InvoiceDocumentType>> = {
  Invoice: 'invoice',
  CreditNote: 'credit-note',
};

/**
 * The identity a UBL 2.x invoice or credit note (Peppol BIS 3, UBL.BE, e-FFF) states: exact
 * values from the XML, the supplier as its VAT number when it gives one (or its enterprise
 * number, or its Peppol endpoint), the amount from `PayableAmount`.
 */
export function xmlIdentity(content: Buffer): IdentityResult {
  const wanted = new Set(
    Object.keys(ROOTS).flatMap((root) => Object.values(FIELDS).map((path) => `${root}/${path}`)),
  );
  const read = readXmlLeaves(content, wanted);
  if (!read.ok) return { identified: false, reason: `the XML cannot be read: ${read.reason}` };
  const root = read.leaves[0]?.path.split('/')[0] ?? '';
  const documentType = ROOTS[root];
  if (documentType === undefined)
    return { identified: false, reason: 'the XML is not a UBL invoice or credit note' };
  const first = (field: keyof typeof FIELDS): XmlLeaf | undefined =>
    read.leaves.find((leaf) => leaf.path === `${root}/${FIELDS[field]}`);

  const number = cleanInvoiceNumber(first('number')?.text ?? '');
  const issueDate = first('issueDate')?.text ?? '';
  const payable = first('payable');
  const amount = canonicalAmount(payable?.text ?? '');
  const currency = payable?.attributes.currencyID ?? first('currency')?.text ?? '';
  const supplier = supplierOf(
    read.leaves.filter((leaf) => leaf.path.startsWith(`${root}/AccountingSupplierParty/`)),
    root,
  );
  const missing = [
    number === '' ? 'invoice number (cbc:ID)' : undefined,
    /^\d{4}-\d{2}-\d{2}$/.test(issueDate) ? undefined : 'issue date (cbc:IssueDate)',
    amount === undefined ? 'amount to pay (cbc:PayableAmount)' : undefined,
    /^[A-Z]{3}$/.test(currency) ? undefined : 'currency',
    supplier === undefined ? 'supplier identifier (VAT, company or endpoint ID)' : undefined,
  ].filter((field) => field !== undefined);
  if (missing.length > 0 || amount === undefined || supplier === undefined) {
    return { identified: false, reason: `the XML lacks its ${missing.join(', ')}` };
  }
  return { identified: true, identity: { supplier, documentType, number, issueDate, amount, currency } };
}

/** The supplier: its VAT number, else its Belgian enterprise number as VAT, else its endpoint. */
function supplierOf(leaves: readonly XmlLeaf[], root: string): string | undefined {
  const at = (field: keyof typeof FIELDS): XmlLeaf | undefined =>
    leaves.find((leaf) => leaf.path === `${root}/${FIELDS[field]}`);
  const taxCompany = at('taxCompany')?.text;
  if (taxCompany !== undefined && (at('taxScheme')?.text ?? 'VAT') === 'VAT') {
    return normaliseVatNumber(taxCompany) ?? compact(taxCompany);
  }
  const legal = at('legalCompany');
  if (legal?.attributes.schemeID === BELGIAN_ENTERPRISE_SCHEME) return asVat(`BE${legal.text}`, legal);
  const endpoint = at('endpoint');
  if (endpoint === undefined || endpoint.text === '') return undefined;
  const scheme = endpoint.attributes.schemeID ?? '';
  if (scheme === BELGIAN_ENTERPRISE_SCHEME) return asVat(`BE${endpoint.text}`, endpoint);
  if (VAT_SCHEMES.has(scheme)) return asVat(endpoint.text, endpoint);
  return `${scheme}:${compact(endpoint.text)}`;
}

function asVat(candidate: string, leaf: XmlLeaf): string {
  return normaliseVatNumber(candidate) ?? `${leaf.attributes.schemeID ?? ''}:${compact(leaf.text)}`;
}

function compact(text: string): string {
  return text.toUpperCase().replace(/[\s.-]/g, '');
}
