import type { DeadlineGuard } from '../convert/work-budget';
import { IngestError } from '../shared/errors';

/**
 * Time kept back at the end of an invocation: the uploads that started just before (a few side by
 * side, `PARALLEL_UPLOADS`) may wait up to 30 s on Clearfacts (the client's timeout), then the
 * ledger, the report and the reply need a few seconds. Without it the Lambda is killed mid-message and nothing is reported.
 */
export const DEADLINE_MARGIN_MS = 45_000;

/** Work not started because the invocation's time was running out; the message still gets a report. */
export class DeadlineError extends IngestError {
  constructor(message: string) {
    // Permanent for the work it stopped (conversion is deterministic); uploads it stops are retried.
    super(message, 'permanent');
    this.name = 'DeadlineError';
  }
}

/** The invocation's deadline: stops new work once less than the margin is left. */
export class InvocationDeadline implements DeadlineGuard {
  constructor(
    private readonly remainingMs: () => number,
    private readonly marginMs: number = DEADLINE_MARGIN_MS,
  ) {}

  /** Throws `DeadlineError` when too little time is left to do `what` and still report. */
  check(what: string): void {
    const left = this.remainingMs();
    if (left < this.marginMs) {
      throw new DeadlineError(
        `not done: the function had ${Math.max(0, Math.floor(left / 1000))} s left before ${what}, less than the ${this.marginMs / 1000} s kept to finish the message`,
      );
    }
  }
}
