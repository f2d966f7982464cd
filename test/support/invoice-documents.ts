import { PDFDocument, StandardFonts } from 'pdf-lib';

/** What the invoice XML and PDF below state. */
export interface InvoiceFacts {
  readonly kind?: 'Invoice' | 'CreditNote';
  /** The supplier's VAT number, compact: `BE0202239951`. */
  readonly supplierVat: string;
  /** The customer's VAT number, compact. */
  readonly customerVat: string;
  readonly number: string;
  /** `YYYY-MM-DD`. */
  readonly issueDate: string;
  /** `121.00`. */
  readonly amount: string;
}

/** A Peppol BIS 3 invoice or credit note with the facts, optionally embedding a PDF. */
export function invoiceXml(facts: InvoiceFacts, embeddedPdf?: Buffer): Buffer {
  const kind = facts.kind ?? 'Invoice';
  const party = (vat: string): string =>
    `<cac:Party><cac:PartyTaxScheme><cbc:CompanyID>${vat}</cbc:CompanyID>` +
    '<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme></cac:Party>';
  const attachment =
    embeddedPdf === undefined
      ? ''
      : '<cac:AdditionalDocumentReference><cbc:ID>pdf</cbc:ID><cac:Attachment>' +
        `<cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="${facts.number}.pdf">` +
        `${embeddedPdf.toString('base64')}</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>`;
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<${kind} xmlns="urn:oasis:names:specification:ubl:schema:xsd:${kind}-2" ` +
      'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" ' +
      'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">' +
      '<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>' +
      '<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>' +
      `<cbc:ID>${facts.number}</cbc:ID><cbc:IssueDate>${facts.issueDate}</cbc:IssueDate>` +
      `<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>${attachment}` +
      `<cac:AccountingSupplierParty>${party(facts.supplierVat)}</cac:AccountingSupplierParty>` +
      `<cac:AccountingCustomerParty>${party(facts.customerVat)}</cac:AccountingCustomerParty>` +
      `<cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">${facts.amount}</cbc:PayableAmount>` +
      `</cac:LegalMonetaryTotal></${kind}>`,
  );
}

/**
 * The same invoice as a Dutch PDF with a text layer. `createdAt` changes the bytes (a supplier's
 * system regenerating the PDF for a reminder) and nothing a reader sees.
 */
export async function invoicePdf(
  facts: InvoiceFacts,
  createdAt = new Date('2026-03-01T10:00:00Z'),
): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.setCreationDate(createdAt);
  document.setModificationDate(createdAt);
  const page = document.addPage([595, 842]);
  const font = await document.embedFont(StandardFonts.Helvetica);
  const belgian = (amount: string): string => amount.replace('.', ',');
  const dutchDate = facts.issueDate.split('-').reverse().join('/');
  const lines: Array<[string, number, number]> = [
    [facts.kind === 'CreditNote' ? 'CREDITNOTA' : 'FACTUUR', 50, 780],
    ['Telco NV', 50, 740],
    [`BTW ${facts.supplierVat}`, 50, 727],
    ['Klant: Acme NV', 330, 740],
    [`BTW ${facts.customerVat}`, 330, 727],
    [`${facts.kind === 'CreditNote' ? 'Creditnotanummer' : 'Factuurnummer'}: ${facts.number}`, 50, 650],
    [`${facts.kind === 'CreditNote' ? 'Datum creditnota' : 'Factuurdatum'}: ${dutchDate}`, 50, 636],
    ['Totaal te betalen', 300, 560],
    [`€ ${belgian(facts.amount)}`, 480, 560],
  ];
  for (const [text, x, y] of lines) page.drawText(text, { x, y, size: 10, font });
  return Buffer.from(await document.save());
}
