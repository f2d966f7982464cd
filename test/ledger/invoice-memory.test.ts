import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeliveryLedger, RememberedInvoice } from '../../functions/ledger/delivery-ledger';
import { createFileLedger } from '../../functions/ledger/file-ledger';
import { createMemoryLedger } from '../../functions/ledger/memory-ledger';

const IDENTITY = {
  supplier: 'BE0202239951',
  documentType: 'invoice' as const,
  number: '2026-0042',
  issueDate: '2026-02-27',
  amount: '121.00',
  currency: 'EUR',
};
const KEY = 'BE0202239951#invoice#2026-0042';
const REF = { companyNumber: '0123456749', invoiceType: 'PURCHASE', key: KEY };

function remembered(messageId: string): RememberedInvoice {
  return {
    identity: IDENTITY,
    filename: `${messageId}.xml`,
    sha256: messageId.padEnd(64, '0'),
    messageId,
    mailbox: 'acme@invoices.example.com',
    receivedAt: '2026-03-01T10:00:00.000Z',
    uuid: `uuid-${messageId}`,
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invoice-memory-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each([
  ['memory', (): DeliveryLedger => createMemoryLedger()],
  ['file', (): DeliveryLedger => createFileLedger(join(dir, 'ledger.json'))],
])('the %s ledger remembers invoices', (_name, create) => {
  it('keeps the first document of an invoice per company and tray, and recalls it by key', async () => {
    const ledger = create();
    expect((await ledger.recallInvoices([REF])).size).toBe(0);
    await ledger.rememberInvoice(REF, remembered('msg-first'));
    await ledger.rememberInvoice(REF, remembered('msg-second'));
    const found = await ledger.recallInvoices([REF, { ...REF, key: 'BE0202239951#invoice#2026-0043' }]);
    expect([...found]).toEqual([[KEY, remembered('msg-first')]]);
    // Another tray or company is another memory.
    expect((await ledger.recallInvoices([{ ...REF, invoiceType: 'SALE' }])).size).toBe(0);
    expect((await ledger.recallInvoices([{ ...REF, companyNumber: '0203201340' }])).size).toBe(0);
  });
});

it('writes the identity to the local ledger file under its key', async () => {
  const path = join(dir, 'own.json');
  await createFileLedger(path).rememberInvoice(REF, remembered('msg-file'));
  const items = JSON.parse(await readFile(path, 'utf8')) as Record<string, { type: string }>;
  expect(items[`inv#0123456749#PURCHASE#${KEY}`]).toMatchObject({ type: 'invoice', messageId: 'msg-file' });
});
