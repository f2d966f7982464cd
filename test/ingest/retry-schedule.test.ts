import {
  DLQ_BOUND_DELAY_SECONDS,
  MAX_RECEIVE_COUNT,
  MAX_RETRY_DELAY_SECONDS,
  retryDelayFor,
  retryDelaySeconds,
} from '../../functions/ingest/retry-schedule';
import type { MessageReport } from '../../functions/reports/message-report';

const HOUR = 3600;

describe('the retry schedule', () => {
  it('doubles from one minute', () => {
    expect([1, 2, 3, 4, 5].map((receiveCount) => retryDelaySeconds(receiveCount))).toEqual([
      60, 120, 240, 480, 960,
    ]);
  });

  it('never asks SQS for more than it allows: 12 hours from the receipt, less the run itself', () => {
    expect(retryDelaySeconds(11)).toBe(MAX_RETRY_DELAY_SECONDS);
    expect(retryDelaySeconds(40)).toBe(MAX_RETRY_DELAY_SECONDS);
    expect(MAX_RETRY_DELAY_SECONDS).toBeLessThanOrEqual(12 * HOUR - 15 * 60);
  });

  it('waits at least as long as Clearfacts asked with Retry-After', () => {
    expect(retryDelaySeconds(1, 3_600_000)).toBe(HOUR);
    expect(retryDelaySeconds(3, 1_000)).toBe(240);
    expect(retryDelaySeconds(1, 48 * HOUR * 1000)).toBe(MAX_RETRY_DELAY_SECONDS);
  });

  it('rides out more than a day before the DLQ, well within the queue’s 14-day retention', () => {
    const waits = Array.from({ length: MAX_RECEIVE_COUNT - 1 }, (_, index) => retryDelaySeconds(index + 1));
    const total = waits.reduce((sum, wait) => sum + wait, 0);
    expect(total).toBeGreaterThan(24 * HOUR);
    expect(total).toBeLessThan(14 * 24 * HOUR);
  });

  it('sends an unreadable notification to the DLQ quickly, and honours Retry-After from a report', () => {
    const unreadable = { recordId: 'r', status: 'retry', errorKind: 'permanent' } as const;
    expect(retryDelayFor(unreadable, 1)).toBe(DLQ_BOUND_DELAY_SECONDS);
    const report = {
      deliveries: [
        {
          uploads: [
            {
              filename: 'a.pdf',
              sha256: 'x',
              status: 'failed',
              errorKind: 'retryable',
              retryAfterMs: 900_000,
            },
            { filename: 'b.pdf', sha256: 'y', status: 'uploaded', uuid: 'u' },
          ],
        },
      ],
    } as unknown as MessageReport;
    expect(retryDelayFor({ recordId: 'r', status: 'retry', report }, 1)).toBe(900);
  });

  it('hurries a message past the retry budget to the DLQ, so the queue’s retention never deletes it', () => {
    const retrying = { recordId: 'r', status: 'retry', errorKind: 'retryable' } as const;
    expect(retryDelayFor(retrying, MAX_RECEIVE_COUNT - 1)).toBe(MAX_RETRY_DELAY_SECONDS);
    expect(retryDelayFor(retrying, MAX_RECEIVE_COUNT)).toBe(DLQ_BOUND_DELAY_SECONDS);
    expect(retryDelayFor(retrying, 50)).toBe(DLQ_BOUND_DELAY_SECONDS);
  });
});
