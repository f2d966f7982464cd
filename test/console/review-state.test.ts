import { releaseRefusal, reviewState } from '../../functions/console/review-state';
import {
  type DeliveryReport,
  type MessageReport,
  REPORT_VERSION,
} from '../../functions/reports/message-report';

function report(overrides: Partial<MessageReport>, policy?: DeliveryReport['policy']): MessageReport {
  return {
    version: REPORT_VERSION,
    messageId: 'm-1',
    processedAt: '2026-12-01T10:00:00.000Z',
    attempt: 1,
    envelopeSender: 'someone@example.be',
    verdicts: {},
    recipients: [],
    documents: [],
    deliveries: [
      {
        mailbox: 'acme@x',
        companyNumber: '0123456749',
        invoiceType: 'PURCHASE',
        uploads: [],
        ...(policy ? { policy } : {}),
      },
    ],
    outcome: 'quarantined',
    ...overrides,
  };
}

describe('what the console offers for a message', () => {
  it('offers release and discard for a held message', () => {
    const held = report({}, { action: 'quarantine', reason: 'unlisted sender' });
    expect(reviewState(held)).toEqual({ state: 'held', canRelease: true, canDiscard: true });
    expect(releaseRefusal(held)).toBeUndefined();
  });

  it('never offers to release a virus', () => {
    const virus = report({ verdicts: { virus: 'FAIL' } }, { action: 'quarantine', releasable: false });
    expect(reviewState(virus)).toMatchObject({ state: 'held', canRelease: false, canDiscard: true });
    expect(releaseRefusal(virus)).toMatch(/virus/);
  });

  it('refuses a second release once delivered, but allows finishing a release whose uploads failed', () => {
    const released = { at: '2026-12-01T11:00:00.000Z', by: 'admin' };
    expect(releaseRefusal(report({ released, outcome: 'delivered' }))).toMatch(/already released by admin/);
    expect(reviewState(report({ released, outcome: 'retrying' }))).toMatchObject({
      state: 'released',
      canRelease: true,
    });
  });

  it('offers nothing but a look once discarded, and no release for a message never held', () => {
    const discarded = report({ discarded: { at: '2026-12-01T11:00:00.000Z' } }, { action: 'quarantine' });
    expect(reviewState(discarded)).toEqual({ state: 'discarded', canRelease: false, canDiscard: false });
    expect(releaseRefusal(discarded)).toMatch(/discarded/);
    expect(releaseRefusal(report({ outcome: 'delivered' }))).toMatch(/not in quarantine/);
  });
});
