import { retryDelayFor } from '../../functions/ingest/retry-schedule';
import { LOCAL_TIME_SCALE, localRetryDelayMs } from '../../functions/local/local-retry-schedule';

const record = (receiveCount: number) => ({ messageId: 'm-1', body: '{}', receiveCount });

describe('the local retry schedule', () => {
  it('follows the Lambda’s schedule, a second for each of its minutes', () => {
    for (const receiveCount of [1, 2, 5]) {
      const failed = { recordId: 'm-1', status: 'retry' } as const;
      expect(localRetryDelayMs(record(receiveCount), failed)).toBe(
        Math.round(retryDelayFor(failed, receiveCount) * 1000 * LOCAL_TIME_SCALE),
      );
    }
    expect(localRetryDelayMs(record(1), undefined)).toBe(1_000);
  });

  it('brings an unreadable notification back sooner than a failed upload, as in AWS', () => {
    const unreadable = { recordId: 'm-1', status: 'retry', errorKind: 'permanent' } as const;
    expect(localRetryDelayMs(record(3), unreadable)).toBeLessThan(localRetryDelayMs(record(3), undefined));
  });
});
