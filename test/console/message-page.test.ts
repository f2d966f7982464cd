import { messagePage } from '../../functions/console/pages/message-page';
import { reviewState } from '../../functions/console/review-state';
import { type MessageReport, REPORT_VERSION } from '../../functions/reports/message-report';

const SHA = 'a'.repeat(64);

/** A message delivered to an archive mailbox and to a purchase mailbox, as processMessage reports it. */
const REPORT: MessageReport = {
  version: REPORT_VERSION,
  messageId: 'm'.repeat(40),
  processedAt: '2026-12-04T10:00:00.000Z',
  attempt: 1,
  envelopeSender: 'legal@acme.example.be',
  subject: 'Signed lease',
  verdicts: { spam: 'PASS' },
  recipients: [
    {
      recipient: 'archief-0123456749@invoices.example.com',
      mailbox: 'archief-0123456749@invoices.example.com',
      companyNumber: '0123456749',
      invoiceType: 'ARCHIVE',
      archive: { type: 'PERMANENT', category: 'Huurovereenkomst' },
    },
    {
      recipient: 'acme@invoices.example.com',
      mailbox: 'acme@invoices.example.com',
      companyNumber: '0123456749',
      invoiceType: 'PURCHASE',
    },
  ],
  documents: [],
  deliveries: [
    {
      mailbox: 'archief-0123456749@invoices.example.com',
      companyNumber: '0123456749',
      invoiceType: 'ARCHIVE',
      archive: { type: 'PERMANENT', category: 'Huurovereenkomst' },
      uploads: [{ filename: 'lease.pdf', sha256: SHA, status: 'uploaded', uuid: 'u-1' }],
    },
    {
      mailbox: 'acme@invoices.example.com',
      companyNumber: '0123456749',
      invoiceType: 'PURCHASE',
      uploads: [{ filename: 'lease.pdf', sha256: SHA, status: 'uploaded', uuid: 'u-2' }],
    },
  ],
  outcome: 'delivered',
};

function render(report: MessageReport): string {
  return messagePage({ source: 'test', report, previews: [], review: reviewState(report) });
}

describe('the console page of one message', () => {
  it('names the archive and category of an archive delivery and route, and a purchase tray as before', () => {
    const page = render(REPORT);
    expect(page).toContain(
      '<h3>archief-0123456749@invoices.example.com → company 0123456749 (ARCHIVE permanent/Huurovereenkomst)</h3>',
    );
    expect(page).toContain('<h3>acme@invoices.example.com → company 0123456749 (PURCHASE)</h3>');
    expect(page).toContain(
      '→ archief-0123456749@invoices.example.com (company 0123456749, ARCHIVE permanent/Huurovereenkomst)</li>',
    );
    expect(page).toContain('→ acme@invoices.example.com (company 0123456749, PURCHASE)</li>');
  });

  it('escapes a category name, which comes from the config', () => {
    const archive = { type: 'VARIOUS', category: '<b>Contracten</b>' } as const;
    const page = render({
      ...REPORT,
      recipients: [{ ...REPORT.recipients[0], recipient: 'a', archive }],
      deliveries: [{ ...(REPORT.deliveries[0] as MessageReport['deliveries'][number]), archive }],
    });
    expect(page).toContain('ARCHIVE various/&#60;b&#62;Contracten&#60;/b&#62;');
    expect(page).not.toContain('<b>Contracten');
  });
});
