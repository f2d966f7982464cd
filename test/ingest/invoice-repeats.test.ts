import { releaseMessage } from '../../functions/ingest/release-message';
import { composeMail } from '../support/compose-mail';
import {
  ACME,
  BUCKET,
  CAREFUL,
  emittedMetrics,
  type IngestHarness,
  useIngestHarness,
} from '../support/ingest-harness';
import { type InvoiceFacts, invoicePdf, invoiceXml } from '../support/invoice-documents';

let harness: IngestHarness;
useIngestHarness((started) => {
  harness = started;
});

/** Telco NV's invoice to Acme (BE 0123.456.749, the ACME mailbox's company). */
const INVOICE: InvoiceFacts = {
  supplierVat: 'BE0202239951',
  customerVat: 'BE0123456749',
  number: '2026-0042',
  issueDate: '2026-02-27',
  amount: '121.00',
};

async function deliver(messageId: string, to: string, files: Record<string, Buffer>): Promise<string> {
  const attachments = Object.entries(files).map(([filename, content]) => ({ filename, content }));
  await harness.storeMessage(messageId, await composeMail({ subject: `Invoice ${messageId}`, attachments }));
  const { result, output } = await harness.invoke([harness.record(messageId, [to])]);
  expect(result.batchItemFailures).toEqual([]);
  return output;
}

describe('the same invoice in other bytes', () => {
  it('flags the PDF of an invoice whose UBL came earlier, and its regenerated PDF again', async () => {
    const xml = invoiceXml(INVOICE);
    await deliver('msg-ubl', ACME, { 'invoice.xml': xml });
    const first = await harness.readReport('msg-ubl');
    expect(first.documents[0]?.identity).toEqual({
      identified: true,
      source: 'xml',
      supplier: 'BE0202239951',
      documentType: 'invoice',
      number: '2026-0042',
      issueDate: '2026-02-27',
      amount: '121.00',
      currency: 'EUR',
    });
    expect(first.deliveries[0]?.uploads[0]).not.toHaveProperty('repeatOf');

    const pdf = await invoicePdf(INVOICE);
    const output = await deliver('msg-pdf', ACME, { 'factuur.pdf': pdf });
    const report = await harness.readReport('msg-pdf');
    expect(report.documents[0]?.identity).toMatchObject({
      identified: true,
      source: 'pdf-text',
      number: '2026-0042',
    });
    const upload = report.deliveries[0]?.uploads[0];
    expect(upload).toMatchObject({
      status: 'uploaded',
      repeatOf: { filename: 'invoice.xml', messageId: 'msg-ubl', uuid: harness.uploadsOf(xml)[0]?.uuid },
      invoiceNote: expect.stringMatching(
        /^possible duplicate of invoice\.xml, received \d{4}-\d{2}-\d{2} in message msg-ubl$/,
      ),
    });
    // Uploaded (flag is the default), with the doubt first in the comment Clearfacts shows.
    const sent = harness.uploadsOf(pdf);
    expect(sent).toHaveLength(1);
    expect(String(sent[0]?.comment)).toMatch(
      /^Possible duplicate of invoice\.xml, received \S+ in message msg-ubl; From: /,
    );
    expect(emittedMetrics(output).InvoiceRepeats).toBe(1);

    const regenerated = await invoicePdf(INVOICE, new Date('2026-03-08T08:00:00Z'));
    expect(regenerated.equals(pdf)).toBe(false);
    await deliver('msg-reminder', ACME, { 'factuur.pdf': regenerated });
    const reminder = await harness.readReport('msg-reminder');
    expect(reminder.deliveries[0]?.uploads[0]).toMatchObject({
      status: 'uploaded',
      repeatOf: { messageId: 'msg-ubl' },
    });
    expect(harness.uploadsOf(regenerated)).toHaveLength(1);
  });

  it('uploads another invoice number of the same supplier unflagged', async () => {
    const other = await invoicePdf({ ...INVOICE, number: '2026-0043' });
    const output = await deliver('msg-other', ACME, { 'factuur-43.pdf': other });
    const upload = (await harness.readReport('msg-other')).deliveries[0]?.uploads[0];
    expect(upload).toMatchObject({ status: 'uploaded' });
    expect(upload).not.toHaveProperty('repeatOf');
    expect(String(harness.uploadsOf(other)[0]?.comment)).toMatch(/^From: /);
    expect(emittedMetrics(output).InvoiceRepeats).toBe(0);
  });

  it('does not take a credit note with the invoice number for a repeat', async () => {
    const credit = invoiceXml({ ...INVOICE, kind: 'CreditNote' });
    await deliver('msg-credit', ACME, { 'credit.xml': credit });
    const report = await harness.readReport('msg-credit');
    expect(report.documents[0]?.identity).toMatchObject({ documentType: 'credit-note', number: '2026-0042' });
    expect(report.deliveries[0]?.uploads[0]).not.toHaveProperty('repeatOf');
    expect(harness.uploadsOf(credit)).toHaveLength(1);
  });

  it('tells a number used again with another amount from a repeat', async () => {
    const changed = await invoicePdf({ ...INVOICE, amount: '242.00' });
    await deliver('msg-changed', ACME, { 'factuur.pdf': changed });
    const upload = (await harness.readReport('msg-changed')).deliveries[0]?.uploads[0];
    expect(upload).not.toHaveProperty('repeatOf');
    expect(upload?.invoiceNote).toBe(
      'same supplier and number as invoice.xml (message msg-ubl) but dated 2026-02-27 for 121.00 EUR: another invoice, not a repeat',
    );
  });

  it('keeps an XML and the PDF it embeds, sent together, what they are: one invoice, no repeat', async () => {
    const facts = { ...INVOICE, customerVat: 'BE0403170701', number: 'P-1' };
    const pdf = await invoicePdf(facts);
    // This mailbox uploads the PDF beside the XML, and holds repeats: a wrong repeat would show.
    await deliver('msg-pair', CAREFUL, { 'invoice.xml': invoiceXml(facts, pdf), 'invoice.pdf': pdf });
    const report = await harness.readReport('msg-pair');
    expect(report.outcome).toBe('delivered');
    expect(report.documents.map((document) => document.identity)).toEqual([
      expect.objectContaining({ source: 'xml', number: 'P-1' }),
      expect.objectContaining({ source: 'embedding-xml', number: 'P-1' }),
    ]);
    expect(report.deliveries[0]?.uploads.map((upload) => upload.status)).toEqual(['uploaded', 'uploaded']);
  });

  it('holds a repeat for review where the mailbox says hold, and a release uploads it once', async () => {
    const facts = { ...INVOICE, customerVat: 'BE0403170701', number: 'H-7' };
    await deliver('msg-hold-ubl', CAREFUL, { 'invoice.xml': invoiceXml(facts) });
    const pdf = await invoicePdf(facts);
    await deliver('msg-hold-pdf', CAREFUL, { 'factuur.pdf': pdf });

    const held = await harness.readReport('msg-hold-pdf');
    expect(held.outcome).toBe('quarantined');
    expect(held.deliveries[0]?.uploads[0]).toMatchObject({
      status: 'held',
      repeatOf: { messageId: 'msg-hold-ubl' },
    });
    expect(held.deliveries[0]?.policy).toEqual({
      action: 'quarantine',
      reason: expect.stringMatching(
        /^factuur\.pdf: possible duplicate of invoice\.xml, .* \(invoiceRepeats: hold\)$/,
      ),
    });
    expect(harness.uploadsOf(pdf)).toHaveLength(0);

    const release = () =>
      releaseMessage(
        { messageId: 'msg-hold-pdf', bucket: BUCKET, rawMailPrefix: 'inbound/', by: 'tester' },
        harness.deps(),
      );
    await release();
    const released = await harness.readReport('msg-hold-pdf');
    expect(released.outcome).toBe('delivered');
    expect(released.released).toEqual({ at: expect.any(String), by: 'tester' });
    expect(released.deliveries[0]?.uploads[0]).toMatchObject({
      status: 'uploaded',
      repeatOf: { messageId: 'msg-hold-ubl' },
    });
    expect(harness.uploadsOf(pdf)).toHaveLength(1);

    // Released again (as after a failed upload): the ledger keeps it from being sent twice.
    await release();
    expect(harness.uploadsOf(pdf)).toHaveLength(1);
    expect((await harness.readReport('msg-hold-pdf')).deliveries[0]?.uploads[0]?.status).toBe('uploaded');
  });
});
