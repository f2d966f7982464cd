import { backoffDelayMs, type RandomSource, type Sleep } from './backoff';
import { ClearfactsError } from './clearfacts-errors';

/** How persistently one call is retried within one Lambda run. */
export interface RetryOptions {
  /** Attempts in total, the first included. */
  readonly maxAttempts: number;
  readonly sleep: Sleep;
  readonly random: RandomSource;
  /** Retry even when an attempt may have been processed: only for reads, never for uploads. */
  readonly repeatUnknownOutcome?: boolean;
}

/**
 * Runs `attempt` until it succeeds, retrying only `retryable` Clearfacts errors with backoff.
 * Configuration and permanent errors, and anything we did not classify, are thrown at once; so is
 * an error whose outcome is unknown (the request may have been processed), unless the caller says
 * a repeat is harmless (`repeatUnknownOutcome`: queries).
 */
export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ClearfactsError) || error.kind !== 'retryable') throw error;
      if (error.outcomeUnknown && options.repeatUnknownOutcome !== true) throw error;
      if (!error.retryInRun) throw error;
      const delay =
        attemptNumber < options.maxAttempts
          ? backoffDelayMs(attemptNumber, { random: options.random, retryAfterMs: error.retryAfterMs })
          : undefined;
      if (delay === undefined) throw gaveUp(error, attemptNumber);
      await options.sleep(delay);
    }
  }
}

/** Says how many attempts were made, so "where is my invoice?" is answered by the report alone. */
function gaveUp(error: ClearfactsError, attempts: number): ClearfactsError {
  if (attempts === 1) return error;
  return new ClearfactsError(`${error.message} (gave up after ${attempts} attempts)`, error.kind, {
    operation: error.operation,
    status: error.status,
    retryAfterMs: error.retryAfterMs,
    outcomeUnknown: error.outcomeUnknown,
    retryInRun: error.retryInRun,
    cause: error,
  });
}
