import { readXmlRoot } from './xml-root';

/** UBL 2.x namespaces of the two document types Clearfacts books; UBL 2.0 (e-FFF) and 2.1 share them. */
const UBL_NAMESPACES: Readonly<Record<UblDocumentType, string>> = {
  Invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  CreditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
};

/** Markers in `CustomizationID`/`ProfileID` that name a flavour, most specific first. */
const FORMAT_MARKERS: ReadonlyArray<{ readonly format: InvoiceXmlFormat; readonly marker: RegExp }> = [
  // e-FFF writes e.g. `<cbc:ProfileID>E-FFF.BE BILLING 3.0</cbc:ProfileID>` or `EFFF.BE ...`.
  { format: 'e-fff', marker: /FFF\.BE/i },
  // UBL.BE: `urn:cen.eu:en16931:2017#conformant#urn:UBL.BE:1.0.0.20180214`.
  { format: 'ubl-be', marker: /UBL\.BE/i },
  { format: 'peppol-bis-3', marker: /urn:fdc:peppol\.eu:2017:poacc:billing:3\.0/ },
];

/** A UBL root element Clearfacts can book. */
export type UblDocumentType = 'Invoice' | 'CreditNote';

/** Which UBL flavour an invoice follows; `ubl` is any other UBL 2.x customisation. */
export type InvoiceXmlFormat = 'peppol-bis-3' | 'ubl-be' | 'e-fff' | 'ubl';

/** Whether an XML file is an invoice Clearfacts accepts, and if not, why. */
export type InvoiceXmlVerdict =
  | { readonly invoice: true; readonly documentType: UblDocumentType; readonly format: InvoiceXmlFormat }
  | { readonly invoice: false; readonly reason: string };

/**
 * Decides whether XML is a UBL 2.x `Invoice` or `CreditNote` (Peppol BIS Billing 3.0,
 * UBL.BE, e-FFF). The root element and its namespace decide; any UBL customisation is
 * accepted, since the three Clearfacts names share the namespaces and Clearfacts, not a
 * guess here, should say no to a flavour it does not read. Never parses a DTD: see `readXmlRoot`.
 */
export function inspectInvoiceXml(content: Buffer): InvoiceXmlVerdict {
  const result = readXmlRoot(content);
  if (!result.ok) return { invoice: false, reason: `XML is not an invoice: ${result.reason}` };
  const { localName, namespace } = result.root;
  if (localName !== 'Invoice' && localName !== 'CreditNote') {
    return { invoice: false, reason: `XML is not an invoice (root element <${localName}>)` };
  }
  if (namespace !== UBL_NAMESPACES[localName]) {
    const where = namespace === undefined ? 'without a namespace' : `in namespace ${namespace}`;
    return { invoice: false, reason: `XML is not a UBL invoice (root element <${localName}> ${where})` };
  }
  return { invoice: true, documentType: localName, format: formatOf(result.head) };
}

/**
 * Reads the first `CustomizationID` and `ProfileID` values from the document's head. The
 * patterns never scan past the next `<`, so a crafted head cannot make them slow.
 */
function formatOf(head: string): InvoiceXmlFormat {
  const identifiers = ['CustomizationID', 'ProfileID']
    .map((element) => new RegExp(`<(?:[\\w.-]+:)?${element}(?:\\s[^<>]*)?>([^<]*)<`).exec(head)?.[1] ?? '')
    .join(' ');
  return FORMAT_MARKERS.find(({ marker }) => marker.test(identifiers))?.format ?? 'ubl';
}
