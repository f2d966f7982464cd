import {
  BASE_DELAY_MS,
  backoffDelayMs,
  MAX_DELAY_MS,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
} from '../../functions/clearfacts/backoff';

const almostOne = (): number => 0.999999;

describe('backoffDelayMs', () => {
  it('picks a delay between zero and a ceiling that doubles with every attempt', () => {
    expect(backoffDelayMs(1, { random: () => 0 })).toBe(0);
    expect(backoffDelayMs(1, { random: almostOne })).toBe(BASE_DELAY_MS - 1);
    expect(backoffDelayMs(2, { random: almostOne })).toBe(2 * BASE_DELAY_MS - 1);
    expect(backoffDelayMs(3, { random: () => 0.5 })).toBe(2 * BASE_DELAY_MS);
  });

  it('never exceeds the maximum delay, however many attempts failed', () => {
    expect(backoffDelayMs(50, { random: almostOne })).toBe(MAX_DELAY_MS - 1);
    expect(backoffDelayMs(3, { random: almostOne, baseDelayMs: 100, maxDelayMs: 250 })).toBe(249);
  });

  it('keeps a misbehaving random source within bounds', () => {
    expect(backoffDelayMs(1, { random: () => -3 })).toBe(0);
    expect(backoffDelayMs(1, { random: () => 7 })).toBe(BASE_DELAY_MS);
  });

  it('waits exactly as long as Retry-After asks, when that is within the cap', () => {
    expect(backoffDelayMs(1, { random: () => 0, retryAfterMs: 12_000 })).toBe(12_000);
    expect(backoffDelayMs(1, { random: () => 0, retryAfterMs: MAX_RETRY_AFTER_MS })).toBe(MAX_RETRY_AFTER_MS);
  });

  it('declines to wait when Retry-After asks for more than the cap', () => {
    expect(backoffDelayMs(1, { random: () => 0, retryAfterMs: MAX_RETRY_AFTER_MS + 1 })).toBeUndefined();
    expect(
      backoffDelayMs(1, { random: () => 0, retryAfterMs: 5_000, maxRetryAfterMs: 1_000 }),
    ).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-03-01T10:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date as the time left until then', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 10:00:30 GMT', now)).toBe(30_000);
  });

  it('treats a date in the past as no wait', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores an absent or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});
