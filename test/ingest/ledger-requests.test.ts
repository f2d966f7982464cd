import { composeMail } from '../support/compose-mail';
import { ACME, type IngestHarness, useIngestHarness } from '../support/ingest-harness';
import { invoicePdf } from '../support/invoice-documents';
import { minimalPdf } from '../support/minimal-pdf';

let harness: IngestHarness;
/** Every DynamoDB request the handler sent, by command name, while `counting`. */
let requests: string[] = [];
let counting = false;

useIngestHarness((started) => {
  harness = started;
  // Counted on the SDK client the ledger sends through: one entry per request sent to dynalite.
  harness.dynamo.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (counting) requests.push(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'countLedgerRequests' },
  );
});

/** Delivers a message with these PDFs to ACME and returns the DynamoDB requests it made. */
async function requestsFor(messageId: string, pdfs: readonly Buffer[]): Promise<string[]> {
  const attachments = pdfs.map((content, index) => ({ filename: `invoice-${index + 1}.pdf`, content }));
  await harness.storeMessage(messageId, await composeMail({ subject: `Invoices ${messageId}`, attachments }));
  requests = [];
  counting = true;
  try {
    const { result } = await harness.invoke([harness.record(messageId, [ACME])]);
    expect(result.batchItemFailures).toEqual([]);
  } finally {
    counting = false;
  }
  const report = await harness.readReport(messageId);
  expect(report.deliveries[0]?.uploads.map((upload) => upload.status)).toEqual(pdfs.map(() => 'uploaded'));
  return requests;
}

describe('the ledger requests of a message', () => {
  it('makes at most 4 DynamoDB requests for one document and at most 2 more per further document', async () => {
    const one = await requestsFor('msg-one', [minimalPdf('count 1.1')]);
    const two = await requestsFor('msg-two', [minimalPdf('count 2.1'), minimalPdf('count 2.2')]);
    const three = await requestsFor(
      'msg-three',
      [1, 2, 3].map((n) => minimalPdf(`count 3.${n}`)),
    );

    // Mailbox claimed, document claimed, upload recorded, mailbox finished: all conditional writes.
    expect(one).toEqual(['PutItemCommand', 'PutItemCommand', 'PutItemCommand', 'PutItemCommand']);
    expect(two.length).toBeLessThanOrEqual(6);
    expect(three.length).toBeLessThanOrEqual(8);
    expect(three.every((request) => request === 'PutItemCommand')).toBe(true);
  });

  it('reads an item only when a write finds it changed: a repeat of a delivered message', async () => {
    const pdf = minimalPdf('count repeat');
    await requestsFor('msg-first', [pdf]);
    const attachments = [{ filename: 'invoice-1.pdf', content: pdf }];
    await harness.storeMessage('msg-again', await composeMail({ subject: 'Again', attachments }));
    requests = [];
    counting = true;
    try {
      await harness.invoke([harness.record('msg-again', [ACME])]);
    } finally {
      counting = false;
    }

    const report = await harness.readReport('msg-again');
    expect(report.deliveries[0]?.uploads[0]?.status).toBe('duplicate');
    expect(harness.uploadsOf(pdf)).toHaveLength(1);
    // The document claim's write fails; dynalite does not return the stored item with the
    // failure (DynamoDB does: ALL_OLD), so it is read, and nothing more is written for it.
    expect(requests).toEqual(['PutItemCommand', 'PutItemCommand', 'GetItemCommand', 'PutItemCommand']);
  });

  it('adds a read and a write for an invoice whose identity is known (its repeat check)', async () => {
    const pdf = await invoicePdf({
      supplierVat: 'BE0202239951',
      customerVat: 'BE0123456749',
      number: '2026-0077',
      issueDate: '2026-02-27',
      amount: '121.00',
    });

    const identified = await requestsFor('msg-identified', [pdf]);

    const report = await harness.readReport('msg-identified');
    expect(report.documents[0]?.identity).toMatchObject({ identified: true, number: '2026-0077' });
    expect(identified).toHaveLength(6);
    expect(identified.filter((request) => request === 'GetItemCommand')).toHaveLength(1);
  });
});
