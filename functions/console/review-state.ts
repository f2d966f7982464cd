import type { MessageReport } from '../reports/message-report';

/** Where a message stands in review, and what an admin may do with it from the console. */
export interface ReviewState {
  /** `held`: waiting in quarantine; `released` or `discarded`: reviewed; `other`: never held. */
  readonly state: 'held' | 'released' | 'discarded' | 'other';
  readonly canRelease: boolean;
  readonly canDiscard: boolean;
  /** Why it cannot be released, when it is held and cannot be. */
  readonly whyNot?: string;
}

/** Outcomes after a release that leave nothing to finish: a second release is refused. */
const SETTLED = new Set(['delivered', 'no-documents']);

/**
 * What the console offers for a message. The release itself goes through `releaseMessage`, which
 * refuses a virus and a message that was never held; the console refuses besides a release that
 * has nothing left to do (already released and delivered) and one of a message an admin discarded.
 */
export function reviewState(report: MessageReport): ReviewState {
  const held = report.deliveries.filter((delivery) => delivery.policy?.action === 'quarantine');
  const virus =
    report.verdicts.virus?.toUpperCase() === 'FAIL' ||
    held.some((delivery) => delivery.policy?.releasable === false);
  if (report.discarded !== undefined) return { state: 'discarded', canRelease: false, canDiscard: false };
  if (held.length > 0) {
    return virus
      ? { state: 'held', canRelease: false, canDiscard: true, whyNot: 'It carries a virus: never released.' }
      : { state: 'held', canRelease: true, canDiscard: true };
  }
  if (report.released !== undefined) {
    // A release whose uploads failed may be released again to finish them; the ledger sends each once.
    return { state: 'released', canRelease: !SETTLED.has(report.outcome), canDiscard: false };
  }
  return { state: 'other', canRelease: false, canDiscard: false };
}

/** Why a release asked for now is refused, or undefined when it may go ahead. */
export function releaseRefusal(report: MessageReport): string | undefined {
  const review = reviewState(report);
  if (review.canRelease) return undefined;
  switch (review.state) {
    case 'discarded':
      return `It was discarded${report.discarded?.by ? ` by ${report.discarded.by}` : ''}: it is not released.`;
    case 'released':
      return `It was already released${report.released?.by ? ` by ${report.released.by}` : ''} at ${report.released?.at ?? '?'} and delivered: nothing is left to upload.`;
    case 'held':
      return review.whyNot ?? 'It cannot be released.';
    default:
      return 'It is not in quarantine.';
  }
}
