import type { ReplyLedger } from '../ledger/reply-ledger';
import type { ReplyLimit } from '../ledger/reply-rules';

/**
 * At most 10 replies to one sender in any hour: a client forwarding a pile of invoices one by one
 * still hears about each, while a loop with a misbehaving robot, or a flood sent to provoke
 * replies, is cut short after ten.
 */
export const REPLY_RATE_LIMIT: ReplyLimit = { maxReplies: 10, windowMs: 60 * 60 * 1000 };

/**
 * The counter every reply is also taken from, for the global cap: not an address (it has no `@`),
 * so no sender's own counter can share it.
 */
export const ALL_SENDERS = '*all-senders*';

/** Whether the sender may receive one more reply now; a granted reply is counted at once. */
export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/** Takes one of the sender's replies from the ledger's per-sender counter, if any is left. */
export async function reserveReply(
  ledger: ReplyLedger,
  sender: string,
  limit: ReplyLimit = REPLY_RATE_LIMIT,
): Promise<RateDecision> {
  const slot = await ledger.takeReplySlot(sender, limit);
  if (slot.granted) return { allowed: true };
  const minutes = Math.round(limit.windowMs / 60_000);
  return {
    allowed: false,
    reason:
      `rate limit: ${sender} received ${slot.recent} replies in the last ${minutes} minutes ` +
      `(at most ${limit.maxReplies}); the next may go after ${slot.freeAt}`,
  };
}

/**
 * Takes one reply from the global counter (all senders together), if one is left this hour: rotating
 * addresses gets around the per-sender limit, not this one.
 */
export async function reserveGlobalReply(ledger: ReplyLedger, limit: ReplyLimit): Promise<RateDecision> {
  const slot = await ledger.takeReplySlot(ALL_SENDERS, limit);
  if (slot.granted) return { allowed: true };
  const minutes = Math.round(limit.windowMs / 60_000);
  return {
    allowed: false,
    reason:
      `global rate limit: ${slot.recent} replies went out in the last ${minutes} minutes ` +
      `(at most ${limit.maxReplies}, replies.maxPerHour); the next may go after ${slot.freeAt}`,
  };
}
