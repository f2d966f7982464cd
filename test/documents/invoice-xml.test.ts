import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspectInvoiceXml } from '../../functions/documents/invoice-xml';
import { readXmlRoot } from '../../functions/documents/xml-root';

function xmlFixture(name: string): Buffer {
  return readFileSync(join(__dirname, '..', 'fixtures', 'xml', name));
}

/** Very generous (a busy CI core) for a scan of a few bytes; expanding or resolving anything would take far longer. */
const QUICKLY_MS = 2000;

const INVOICE_NS = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';

/** The classic XXE payload around an otherwise valid UBL root, its entity naming `fileUrl`. */
function xxePayload(fileUrl: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "${fileUrl}">]>
<Invoice xmlns="${INVOICE_NS}"><cbc:Note xmlns:cbc="x">&xxe;</cbc:Note></Invoice>`;
}

/** Ten levels of ten references: 10^9 "lol"s (3 GB) if anything expanded it. */
const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE Invoice [
  <!ENTITY lol "lol">
  ${Array.from({ length: 9 }, (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level === 0 ? '' : level};`.repeat(10)}">`).join('\n  ')}
]>
<Invoice xmlns="${INVOICE_NS}">&lol9;</Invoice>`;

describe('recognising invoice XML', () => {
  it.each([
    ['base-example.xml', 'Invoice'],
    ['Allowance-example.xml', 'Invoice'],
    ['vat-category-E.xml', 'Invoice'],
    ['base-creditnote-correction.xml', 'CreditNote'],
  ])('accepts the Peppol BIS Billing 3.0 example %s', (name, documentType) => {
    expect(inspectInvoiceXml(xmlFixture(name))).toEqual({
      invoice: true,
      documentType,
      format: 'peppol-bis-3',
    });
  });

  it('accepts an e-FFF invoice (UBL 2.0 with an E-FFF.BE profile)', () => {
    expect(inspectInvoiceXml(xmlFixture('e-fff-invoice.xml'))).toEqual({
      invoice: true,
      documentType: 'Invoice',
      format: 'e-fff',
    });
  });

  it('accepts a UBL.BE invoice whose root uses a namespace prefix', () => {
    const xml = `<ubl:Invoice xmlns:ubl="${INVOICE_NS}" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
      <cbc:CustomizationID>urn:cen.eu:en16931:2017#conformant#urn:UBL.BE:1.0.0.20180214</cbc:CustomizationID>
    </ubl:Invoice>`;

    expect(inspectInvoiceXml(Buffer.from(xml))).toEqual({
      invoice: true,
      documentType: 'Invoice',
      format: 'ubl-be',
    });
  });

  it('accepts a UTF-16 invoice with a byte order mark', () => {
    const xml = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`<Invoice xmlns="${INVOICE_NS}"/>`, 'utf16le'),
    ]);

    expect(inspectInvoiceXml(xml)).toMatchObject({ invoice: true, format: 'ubl' });
  });

  it('refuses a UBL order, naming its root element', () => {
    expect(inspectInvoiceXml(xmlFixture('order.xml'))).toEqual({
      invoice: false,
      reason: 'XML is not an invoice (root element <Order>)',
    });
  });

  it('refuses a CII invoice, which Clearfacts does not read', () => {
    const cii =
      '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"/>';

    expect(inspectInvoiceXml(Buffer.from(cii))).toEqual({
      invoice: false,
      reason: 'XML is not an invoice (root element <CrossIndustryInvoice>)',
    });
  });

  it('refuses an Invoice root outside the UBL namespace', () => {
    expect(inspectInvoiceXml(Buffer.from('<Invoice><Total>1</Total></Invoice>'))).toEqual({
      invoice: false,
      reason: 'XML is not a UBL invoice (root element <Invoice> without a namespace)',
    });
    expect(inspectInvoiceXml(Buffer.from('<Invoice xmlns="urn:example:invoice"/>'))).toMatchObject({
      invoice: false,
    });
  });

  it('refuses an XXE payload: the file its entity names never reaches the verdict', () => {
    // A file that exists, with a marker: a reader that expanded the entity would put it in the text.
    const directory = mkdtempSync(join(tmpdir(), 'xxe-'));
    const secret = join(directory, 'secret.txt');
    writeFileSync(secret, 'XXE-MARKER-7f3a');
    try {
      const payload = xxePayload(pathToFileURL(secret).href);

      const verdict = inspectInvoiceXml(Buffer.from(payload));

      expect(verdict).toEqual({
        invoice: false,
        reason:
          'XML is not an invoice: it declares a DOCTYPE, which invoices never do (refused, entities are not expanded)',
      });
      expect(JSON.stringify(verdict)).not.toContain('XXE-MARKER');
      // Positive control: the payload does name the file holding the marker.
      expect(readFileSync(new URL(/SYSTEM "([^"]+)"/.exec(payload)?.[1] ?? ''), 'utf8')).toBe(
        'XXE-MARKER-7f3a',
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('refuses a billion laughs payload after scanning only its own bytes, never an expansion', () => {
    const payload = Buffer.from(BILLION_LAUGHS);

    const result = readXmlRoot(payload);

    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('DOCTYPE') });
    // 10^9 "lol"s would be 3 GB; the scan covers the payload's own 865 bytes.
    expect(payload.length).toBe(865);
    expect(result.scannedBytes).toBe(865);
    expect(inspectInvoiceXml(payload)).toMatchObject({
      invoice: false,
      reason: expect.stringContaining('DOCTYPE'),
    });
  });

  it('reads no further than the head of a huge file that never opens a root element', () => {
    const huge = Buffer.alloc(50 * 1024 * 1024, ' ');

    const result = readXmlRoot(huge);

    expect(result.scannedBytes).toBe(65_536);
    expect(inspectInvoiceXml(huge)).toMatchObject({ invoice: false });
  });

  it.each([
    ['a 64 KB root tag of colons', `<Invoice ${':'.repeat(64 * 1024)}>`],
    ['a 64 KB run of attribute names', `<Invoice ${'a'.repeat(64 * 1024)}>`],
    [
      'thousands of unclosed CustomizationID tags',
      `<Invoice xmlns="${INVOICE_NS}">${'<x:CustomizationID'.repeat(3500)}`,
    ],
  ])('reads %s in linear time', (_label, xml) => {
    const content = Buffer.from(xml);
    const started = performance.now();

    inspectInvoiceXml(content);

    expect(performance.now() - started).toBeLessThan(QUICKLY_MS);
  });

  it('refuses text that is not XML at all', () => {
    expect(inspectInvoiceXml(Buffer.from('just some text'))).toEqual({
      invoice: false,
      reason: 'XML is not an invoice: it is not well-formed (no root element after the prolog)',
    });
  });
});
