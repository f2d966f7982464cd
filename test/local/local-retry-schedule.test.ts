import { localRetryDelayMs } from '../../functions/local/local-retry-schedule';

const record = (receiveCount: number) => ({ messageId: 'm-1', body: '{}', receiveCount });

describe('the local retry schedule', () => {
  it('follows the Lambda’s schedule, a second for each of its minutes', () => {
    const failed = { recordId: 'm-1', status: 'retry' } as const;
    // The Lambda waits 60, 120 and 960 seconds after the 1st, 2nd and 5th receipt.
    expect([1, 2, 5].map((receiveCount) => localRetryDelayMs(record(receiveCount), failed))).toEqual([
      1_000, 2_000, 16_000,
    ]);
    expect(localRetryDelayMs(record(1), undefined)).toBe(1_000);
  });

  it('brings an unreadable notification back sooner than a failed upload, as in AWS', () => {
    const unreadable = { recordId: 'm-1', status: 'retry', errorKind: 'permanent' } as const;
    // 10 seconds in AWS, against 240 for a failed upload on the 3rd receipt.
    expect(localRetryDelayMs(record(3), unreadable)).toBe(167);
    expect(localRetryDelayMs(record(3), undefined)).toBe(4_000);
  });
});
