import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { xmlIdentity } from '../../functions/identity/xml-identity';

const PEPPOL = join(__dirname, '..', 'fixtures', 'xml');

async function identityOf(name: string): Promise<ReturnType<typeof xmlIdentity>> {
  return xmlIdentity(await readFile(join(PEPPOL, name)));
}

function ubl(supplierParty: string, root = 'Invoice'): Buffer {
  return Buffer.from(
    `<?xml version="1.0"?><${root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:${root}-2" ` +
      'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" ' +
      'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2">' +
      '<cbc:ID>F &amp; 12</cbc:ID><cbc:IssueDate>2026-03-01</cbc:IssueDate>' +
      `<cac:AccountingSupplierParty><cac:Party>${supplierParty}</cac:Party></cac:AccountingSupplierParty>` +
      '<cac:AccountingCustomerParty><cac:Party><cac:PartyTaxScheme><cbc:CompanyID>BE0403170701</cbc:CompanyID>' +
      '<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme></cac:Party></cac:AccountingCustomerParty>' +
      `<cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">12</cbc:PayableAmount></cac:LegalMonetaryTotal></${root}>`,
  );
}

describe('the identity an invoice XML states', () => {
  it('reads a Peppol BIS 3 invoice: supplier VAT, number, date, payable amount and currency', async () => {
    expect(await identityOf('base-example.xml')).toEqual({
      identified: true,
      identity: {
        supplier: 'GB1232434',
        documentType: 'invoice',
        number: 'Snippet1',
        issueDate: '2017-11-13',
        amount: '1656.25',
        currency: 'EUR',
      },
    });
  });

  it('reads a credit note as a credit note, with the same number as its invoice', async () => {
    const result = await identityOf('base-creditnote-correction.xml');
    expect(result).toMatchObject({
      identified: true,
      identity: { documentType: 'credit-note', number: 'Snippet1' },
    });
  });

  it('takes the currency of the payable amount', async () => {
    const result = await identityOf('vat-category-E.xml');
    expect(result).toMatchObject({
      identity: { supplier: 'GB928741974', amount: '1200.00', currency: 'GBP' },
    });
  });

  it('reads an e-FFF invoice with a checked Belgian VAT number', async () => {
    const result = await identityOf('e-fff-invoice.xml');
    expect(result).toMatchObject({
      identity: { supplier: 'BE0123456749', number: '2026-0042', issueDate: '2026-02-27', amount: '121.00' },
    });
  });

  it('falls back to the enterprise number, then to the Peppol endpoint, never the customer', () => {
    const legal = ubl(
      '<cac:PartyLegalEntity><cbc:CompanyID schemeID="0208">0123.456.749</cbc:CompanyID></cac:PartyLegalEntity>',
    );
    expect(xmlIdentity(legal)).toMatchObject({
      identity: { supplier: 'BE0123456749', number: 'F & 12', amount: '12.00' },
    });
    const endpoint = ubl('<cbc:EndpointID schemeID="0088">7300010000001</cbc:EndpointID>', 'CreditNote');
    expect(xmlIdentity(endpoint)).toMatchObject({
      identity: { supplier: '0088:7300010000001', documentType: 'credit-note' },
    });
  });

  it('says what is missing instead of inventing it', () => {
    expect(xmlIdentity(ubl(''))).toEqual({
      identified: false,
      reason: 'the XML lacks its supplier identifier (VAT, company or endpoint ID)',
    });
  });

  it('refuses a DOCTYPE, so no entity is ever expanded', () => {
    const xml = Buffer.from('<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY a "b">]><Invoice/>');
    expect(xmlIdentity(xml)).toMatchObject({ identified: false, reason: expect.stringContaining('DOCTYPE') });
  });
});
