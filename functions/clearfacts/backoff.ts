/** Waits the given number of milliseconds; injectable so tests run without real delays. */
export type Sleep = (ms: number) => Promise<void>;

/** A source of numbers in [0, 1), like `Math.random`; injectable so delays are testable. */
export type RandomSource = () => number;

/** The real clock's sleep. */
export const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** First retry waits up to half a second: enough for a blip, short enough to stay within one Lambda run. */
export const BASE_DELAY_MS = 500;

/** No single backoff exceeds 8 s; longer outages are the queue's job (it retries for days). */
export const MAX_DELAY_MS = 8_000;

/**
 * The longest Retry-After we honour inside one Lambda run. Asked for more, we stop retrying and let
 * the queue bring the message back later, rather than waiting less than the server asked.
 */
export const MAX_RETRY_AFTER_MS = 30_000;

/** Tuning for `backoffDelayMs`; only `random` is required. */
export interface BackoffOptions {
  readonly random: RandomSource;
  /** What the server's Retry-After asked for, if anything. */
  readonly retryAfterMs?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly maxRetryAfterMs?: number;
}

/**
 * How long to wait after failed attempt number `attempt` (1-based): "full jitter", a uniform pick
 * between 0 and an exponentially growing, capped ceiling, so many senders do not retry in step.
 * A server's Retry-After wins; `undefined` means it asked for longer than we may wait here.
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions): number | undefined {
  const { random, retryAfterMs } = options;
  if (retryAfterMs !== undefined) {
    return retryAfterMs <= (options.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS) ? retryAfterMs : undefined;
  }
  const base = options.baseDelayMs ?? BASE_DELAY_MS;
  const ceiling = Math.min(options.maxDelayMs ?? MAX_DELAY_MS, base * 2 ** Math.max(0, attempt - 1));
  // Clamp, so a careless random source cannot produce a negative or oversized delay.
  const fraction = Math.min(Math.max(random(), 0), 1);
  return Math.floor(fraction * ceiling);
}

/**
 * Reads a Retry-After header: delta-seconds (`120`) or an HTTP date. Returns milliseconds from
 * `nowMs`, or `undefined` when absent or unreadable (then ordinary backoff applies).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its weekday and month; this keeps `Date.parse` from reading "-5" as a year.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
