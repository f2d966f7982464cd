import type { MessageReport } from '../reports/message-report';
import { IngestError, InvalidInputError } from '../shared/errors';
import type { BatchDeps } from './process-batch';
import { type ReplayRequest, type ReplayResult, replayMessage } from './replay-message';

/** Which quarantined message to release, and who does it. */
export interface ReleaseRequest extends Omit<ReplayRequest, 'recipients'> {
  /** The admin releasing it, for the report. */
  readonly by?: string;
}

/** The message may not be released: a virus, or nothing waits in quarantine. */
export class ReleaseRefusedError extends IngestError {
  constructor(message: string) {
    super(message, 'permanent');
    this.name = 'ReleaseRefusedError';
  }
}

/**
 * Processes a quarantined message after an admin's review, through the same exactly-once path as
 * a replay (the ledger keeps a second release from uploading anything twice), with the policy
 * accepting what it held this time. A message with a virus is never released. A message released
 * before may be released again: that finishes what a failed upload left undone.
 */
export async function releaseMessage(request: ReleaseRequest, deps: BatchDeps): Promise<ReplayResult> {
  const { messageId, bucket } = request;
  const previous = await deps.reports.loadReport(messageId, bucket);
  if (previous === undefined) {
    throw new InvalidInputError(`Message ${messageId} has no report in ${bucket}: nothing to release`);
  }
  refuseUnreleasable(previous);
  const release = { at: deps.now().toISOString(), ...(request.by === undefined ? {} : { by: request.by }) };
  return replayMessage({ messageId, bucket, rawMailPrefix: request.rawMailPrefix }, { ...deps, release });
}

function refuseUnreleasable(report: MessageReport): void {
  const held = report.deliveries.filter((delivery) => delivery.policy?.action === 'quarantine');
  if (report.verdicts.virus?.toUpperCase() === 'FAIL' || held.some((d) => d.policy?.releasable === false)) {
    throw new ReleaseRefusedError(
      `Message ${report.messageId} carries a virus (SES virus verdict FAIL): it is never released or uploaded`,
    );
  }
  if (held.length === 0 && report.released === undefined) {
    throw new ReleaseRefusedError(
      `Message ${report.messageId} is not in quarantine (its outcome is ${report.outcome}); ` +
        'to process it again, use npm run replay',
    );
  }
}
