import { forFilename, INTERNAL_ERROR, refusedUpload } from '../support/clearfacts-stand-in';
import { composeMail } from '../support/compose-mail';
import { ACME, type IngestHarness, useIngestHarness } from '../support/ingest-harness';
import { type InvoiceFacts, invoicePdf, invoiceXml } from '../support/invoice-documents';

let harness: IngestHarness;
useIngestHarness((started) => {
  harness = started;
});

/** What the stand-in answers for the XML alone: Clearfacts will not process this e-invoice. */
const REFUSAL = 'The e-invoice could not be processed: unknown supplier scheme.';

function facts(number: string): InvoiceFacts {
  return {
    supplierVat: 'BE0202239951',
    customerVat: 'BE0123456749',
    number,
    issueDate: '2026-11-02',
    amount: '121.00',
  };
}

/** A message with the invoice as XML and as PDF under the same base name; the XML is preferred. */
async function storeInvoicePair(messageId: string, number: string): Promise<{ xml: Buffer; pdf: Buffer }> {
  const xml = invoiceXml(facts(number));
  const pdf = await invoicePdf(facts(number));
  const attachments = [
    { filename: `${number}.xml`, content: xml, contentType: 'application/xml' },
    { filename: `${number}.pdf`, content: pdf },
  ];
  await harness.storeMessage(messageId, await composeMail({ subject: `Invoice ${number}`, attachments }));
  return { xml, pdf };
}

/** The `filename` variable of every upload request the stand-in received since `from`. */
function uploadRequestsSince(from: number): unknown[] {
  return harness.clearfacts.requests.slice(from).map((request) => request.variables?.filename);
}

describe('the PDF behind a refused invoice XML', () => {
  it('sends only the invoice XML when Clearfacts takes it (positive control)', async () => {
    const { xml, pdf } = await storeInvoicePair('msg-xml-taken', 'INV-201');

    const { result } = await harness.invoke([harness.record('msg-xml-taken', [ACME])]);

    expect(result.batchItemFailures).toEqual([]);
    expect(harness.uploadsOf(xml)).toHaveLength(1);
    expect(harness.uploadsOf(pdf)).toHaveLength(0);
    const report = await harness.readReport('msg-xml-taken');
    expect(report.deliveries[0]?.uploads.map((upload) => [upload.filename, upload.status])).toEqual([
      ['INV-201.xml', 'uploaded'],
    ]);
  });

  it('uploads the PDF when Clearfacts refuses the XML for good, and both uploads say so', async () => {
    const { xml, pdf } = await storeInvoicePair('msg-xml-refused', 'INV-202');
    harness.clearfacts.respondAlways(forFilename('INV-202.xml', refusedUpload(REFUSAL)));
    const before = harness.clearfacts.requests.length;

    const { result } = await harness.invoke([harness.record('msg-xml-refused', [ACME])]);

    expect(result.batchItemFailures).toEqual([]);
    // The XML was sent (and refused, nothing stored), then the PDF; only the PDF's bytes landed.
    expect(uploadRequestsSince(before)).toEqual(['INV-202.xml', 'INV-202.pdf']);
    expect(Buffer.from(harness.clearfacts.requests[before]?.file?.bytes ?? []).equals(xml)).toBe(true);
    expect(harness.uploadsOf(xml)).toHaveLength(0);
    const landed = harness.uploadsOf(pdf);
    expect(landed).toHaveLength(1);
    expect(landed[0]).toMatchObject({ filename: 'INV-202.pdf', companyNumber: '0123456749' });
    expect(landed[0]?.file.type).toBe('application/pdf');

    const report = await harness.readReport('msg-xml-refused');
    expect(report.outcome).toBe('delivered');
    const [refused, sent] = report.deliveries[0]?.uploads ?? [];
    expect(refused).toMatchObject({
      filename: 'INV-202.xml',
      status: 'failed',
      errorKind: 'permanent',
      replacedBy: ['INV-202.pdf'],
    });
    expect(refused?.error).toContain(REFUSAL);
    expect(sent).toMatchObject({
      filename: 'INV-202.pdf',
      status: 'uploaded',
      uuid: landed[0]?.uuid,
      replaces: 'INV-202.xml',
    });
    // The message-wide decision still names the XML as the PDF's representative.
    expect(report.documents.find((document) => document.filename === 'INV-202.pdf')).toMatchObject({
      decision: 'skip',
      reason: 'represented by INV-202.xml: the invoice XML carries the same invoice',
    });

    // Settled: a repeated notification sends nothing new.
    await harness.invoke([harness.record('msg-xml-refused', [ACME], { receiveCount: 2 })]);
    expect(harness.uploadsOf(pdf)).toHaveLength(1);
  });

  it('keeps the PDF back when the XML met a fault inside Clearfacts: the XML is retried', async () => {
    const { xml, pdf } = await storeInvoicePair('msg-xml-fault', 'INV-203');
    harness.clearfacts.respondWith(INTERNAL_ERROR);

    const first = await harness.invoke([harness.record('msg-xml-fault', [ACME])]);

    expect(first.result.batchItemFailures).toEqual([{ itemIdentifier: 'sqs-msg-xml-fault' }]);
    expect(harness.uploadsOf(pdf)).toHaveLength(0);
    const failed = (await harness.readReport('msg-xml-fault')).deliveries[0]?.uploads;
    expect(failed).toHaveLength(1);
    expect(failed?.[0]).toMatchObject({ filename: 'INV-203.xml', status: 'failed', errorKind: 'retryable' });
    expect(failed?.[0]?.replacedBy).toBeUndefined();

    await harness.invoke([harness.record('msg-xml-fault', [ACME], { receiveCount: 2 })]);
    expect(harness.uploadsOf(xml)).toHaveLength(1);
    expect(harness.uploadsOf(pdf)).toHaveLength(0);
  });
});
