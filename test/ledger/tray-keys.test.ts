import { documentKey } from '../../functions/ledger/ledger-items';
import { createMemoryLedger } from '../../functions/ledger/memory-ledger';
import { trayOf } from '../../functions/routing/mailbox';

const COMPANY = '0123456749';
const SHA = 'a'.repeat(64);

describe('the ledger keys documents by tray', () => {
  it('keeps the old key for purchases and names every other tray, archive categories included', () => {
    expect(documentKey(COMPANY, trayOf({ invoiceType: 'PURCHASE' }), SHA)).toBe(`doc#${COMPANY}#${SHA}`);
    expect(documentKey(COMPANY, trayOf({ invoiceType: 'VARIOUS' }), SHA)).toBe(
      `doc#${COMPANY}#VARIOUS#${SHA}`,
    );
    const archive = trayOf({ invoiceType: 'PURCHASE', archive: { type: 'VARIOUS', category: 'Contracten' } });
    expect(documentKey(COMPANY, archive, SHA)).toBe(`doc#${COMPANY}#ARCHIVE#VARIOUS#contracten#${SHA}`);
    expect(
      trayOf({ invoiceType: 'PURCHASE', archive: { type: 'PERMANENT', category: 'Contracten' } }),
    ).not.toBe(archive);
  });

  it('lets a PDF delivered to purchases be claimed for the archive, and not twice for either', async () => {
    const ledger = createMemoryLedger(() => new Date('2026-12-04T10:00:00Z'));
    const request = (invoiceType: string) => ({
      companyNumber: COMPANY,
      invoiceType,
      sha256: SHA,
      messageId: 'm-1',
      mailbox: 'x@invoices.example.com',
      filename: 'a.pdf',
      leaseMs: 60_000,
    });
    const purchase = request('PURCHASE');
    const claim = await ledger.claimDocument(purchase);
    if (claim.kind !== 'claimed') throw new Error(`expected a claim, got ${claim.kind}`);
    await ledger.recordUploaded(purchase, claim, {
      uuid: 'u-1',
      uploadedAt: '2026-12-04T10:00:00Z',
      pages: 1,
    });

    const archive = request(
      trayOf({ invoiceType: 'PURCHASE', archive: { type: 'VARIOUS', category: 'Other' } }),
    );
    expect((await ledger.claimDocument(archive)).kind).toBe('claimed');
    expect((await ledger.claimDocument({ ...purchase, messageId: 'm-2' })).kind).toBe('uploaded');
  });
});
