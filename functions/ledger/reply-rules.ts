import { expiryFrom, type LedgerItem, type ReplyItem, type ReplyRateItem, replyKey } from './ledger-items';
import type { Decision } from './ledger-rules';

/** The ledger's answer to "may I answer this message's sender?". */
export type ReplyClaim =
  /** Yes: nobody has; send, then record the result. */
  | { readonly kind: 'claimed' }
  /** No: an earlier attempt or a duplicate delivery of the message already did (or is doing) it. */
  | {
      readonly kind: 'answered';
      readonly state: ReplyItem['state'];
      readonly to?: string;
      readonly sentAt?: string;
      readonly reason?: string;
    };

/** What became of a claimed reply. */
export type ReplyResult =
  | { readonly sent: true; readonly to: string; readonly sentAt: string }
  | { readonly sent: false; readonly reason: string };

/** How many replies one sender may receive within a window. */
export interface ReplyLimit {
  readonly maxReplies: number;
  readonly windowMs: number;
}

/** The ledger's answer to "may this sender receive one more reply now?". */
export type ReplySlot =
  | { readonly granted: true; readonly recent: number }
  /** No: `recent` replies went out within the window; the oldest leaves it at `freeAt`. */
  | { readonly granted: false; readonly recent: number; readonly freeAt: string };

/** A message's reply is claimed once: the first claim wins, every later one learns what happened. */
export function decideReplyClaim(
  current: LedgerItem | undefined,
  messageId: string,
  now: Date,
): Decision<ReplyClaim> {
  if (current?.type === 'reply') {
    const { state, to, sentAt, reason } = current;
    return {
      result: {
        kind: 'answered',
        state,
        ...(to === undefined ? {} : { to }),
        ...(sentAt === undefined ? {} : { sentAt }),
        ...(reason === undefined ? {} : { reason }),
      },
    };
  }
  const next: ReplyItem = {
    pk: replyKey(messageId),
    type: 'reply',
    revision: 0,
    messageId,
    state: 'pending',
    updatedAt: now.toISOString(),
    expiresAt: expiryFrom(now),
  };
  return { result: { kind: 'claimed' }, next };
}

/** Records what became of a pending reply; a finished one is never changed again. */
export function decideReplyFinish(
  current: LedgerItem | undefined,
  messageId: string,
  result: ReplyResult,
  now: Date,
): Decision<void> {
  if (current?.type !== 'reply' || current.state !== 'pending') return { result: undefined };
  const next: ReplyItem = {
    pk: replyKey(messageId),
    type: 'reply',
    revision: 0,
    messageId,
    ...(result.sent
      ? { state: 'sent', to: result.to, sentAt: result.sentAt }
      : { state: 'not-sent', reason: result.reason }),
    updatedAt: now.toISOString(),
    expiresAt: current.expiresAt,
  };
  return { result: undefined, next };
}

/**
 * A sliding window: the item keeps the send times of the sender's recent replies, so "at most N
 * in any hour" holds exactly, across window boundaries too (a fixed hourly counter would allow 2N
 * around the hour). A granted slot is spent even if the send then fails: the limit errs towards silence.
 */
export function decideReplySlot(
  current: LedgerItem | undefined,
  pk: string,
  limit: ReplyLimit,
  now: Date,
): Decision<ReplySlot> {
  const nowMs = now.getTime();
  const recent = (current?.type === 'reply-rate' ? current.sentAt : []).filter(
    (sentAt) => sentAt > nowMs - limit.windowMs,
  );
  if (recent.length >= limit.maxReplies) {
    const oldest = recent[recent.length - limit.maxReplies] ?? nowMs;
    return {
      result: {
        granted: false,
        recent: recent.length,
        freeAt: new Date(oldest + limit.windowMs).toISOString(),
      },
    };
  }
  const next: ReplyRateItem = {
    pk,
    type: 'reply-rate',
    revision: 0,
    sentAt: [...recent, nowMs],
    updatedAt: now.toISOString(),
    expiresAt: Math.ceil((nowMs + limit.windowMs) / 1000),
  };
  return { result: { granted: true, recent: recent.length + 1 }, next };
}
