import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summariseInvoiceXml } from '../../functions/console/xml-summary';

const fixture = (name: string): Buffer => readFileSync(join(__dirname, '../fixtures/xml', name));

describe('the readable view of an invoice XML', () => {
  it('shows supplier, number, dates, total and lines of a Peppol BIS 3 invoice', () => {
    const summary = summariseInvoiceXml(fixture('base-example.xml'));
    expect(summary).toMatchObject({
      documentType: 'invoice',
      number: 'Snippet1',
      issueDate: '2017-11-13',
      supplier: 'SupplierTradingName Ltd.',
      supplierId: 'GB983294',
      customer: 'BuyerTradingName AS',
      currency: 'EUR',
      payable: '1656.25 EUR',
    });
    expect(summary?.lines).toHaveLength(2);
    expect(summary?.lines[0]).toMatchObject({ id: '1', quantity: '7' });
    expect(summary?.lines[1]).toMatchObject({ quantity: '-3' });
  });

  it('reads a credit note with its own line elements', () => {
    const summary = summariseInvoiceXml(fixture('base-creditnote-correction.xml'));
    expect(summary?.documentType).toBe('credit note');
    expect(summary?.lines.length).toBeGreaterThan(0);
    expect(summary?.lines[0]?.quantity).toBeDefined();
  });

  it('reads nothing from XML that is not an invoice, or that declares a DOCTYPE', () => {
    expect(summariseInvoiceXml(fixture('order.xml'))).toBeUndefined();
    const withEntity = Buffer.from(
      '<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY x "expanded">]>' +
        '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&x;</ID></Invoice>',
    );
    expect(summariseInvoiceXml(withEntity)).toBeUndefined();
    // Positive control: the same document without the DOCTYPE is read.
    const plain = Buffer.from(
      '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>INV-1</cbc:ID></Invoice>',
    );
    expect(summariseInvoiceXml(plain)?.number).toBe('INV-1');
  });
});
