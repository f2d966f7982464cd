import { createHash } from 'node:crypto';
import { updateItem } from './conditional-update';
import { type LedgerItemStore, replyKey, replyRateKey } from './ledger-items';
import {
  decideReplyClaim,
  decideReplyFinish,
  decideReplySlot,
  type ReplyClaim,
  type ReplyLimit,
  type ReplyResult,
  type ReplySlot,
} from './reply-rules';

/**
 * All of a sender's messages being processed at once compete for its counter: the queue's
 * concurrency (5 by default) bounds them, and these rounds leave room for a raised cap. Running out
 * only costs a reply, never the message.
 */
const RATE_WRITE_ROUNDS = 25;

/**
 * What the ledger knows about replies to senders (functions/feedback/): one reply per message at
 * most, whatever the retries and duplicate deliveries, and a per-sender rate limit.
 */
export interface ReplyLedger {
  /** Claims the message's one reply before sending it. */
  claimReply(messageId: string): Promise<ReplyClaim>;
  /** Records what became of a claimed reply. */
  finishReply(messageId: string, result: ReplyResult): Promise<void>;
  /** Takes one of the sender's replies in the current window, if one is left. */
  takeReplySlot(sender: string, limit: ReplyLimit): Promise<ReplySlot>;
}

/** Replies on any item store with conditional writes, beside the delivery ledger's items. */
export class ConditionalReplyLedger implements ReplyLedger {
  constructor(
    private readonly store: LedgerItemStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  claimReply(messageId: string): Promise<ReplyClaim> {
    return updateItem(
      this.store,
      replyKey(messageId),
      (current, now) => decideReplyClaim(current, messageId, now),
      this.now,
    );
  }

  finishReply(messageId: string, result: ReplyResult): Promise<void> {
    return updateItem(
      this.store,
      replyKey(messageId),
      (current, now) => decideReplyFinish(current, messageId, result, now),
      this.now,
    );
  }

  takeReplySlot(sender: string, limit: ReplyLimit): Promise<ReplySlot> {
    const pk = replyRateKey(createHash('sha256').update(sender.trim().toLowerCase()).digest('hex'));
    return updateItem(this.store, pk, (current, now) => decideReplySlot(current, pk, limit, now), this.now, {
      rounds: RATE_WRITE_ROUNDS,
    });
  }
}
