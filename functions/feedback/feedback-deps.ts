import type { ReplyLedger } from '../ledger/reply-ledger';
import type { ReplyLimit } from '../ledger/reply-rules';
import { DEFAULT_REPLIES_PER_HOUR, type FeedbackSettings, replyFromAddress } from './feedback-settings';
import type { ReplySender } from './reply-sender';

/** The ports and settings replies to senders need; absent from the batch's ports, nobody is answered. */
export interface FeedbackDeps {
  readonly sender: ReplySender;
  /** One reply per message, and the per-sender rate limit. */
  readonly replies: ReplyLedger;
  /** The address replies come from. */
  readonly replyFrom: string;
  /** For mail that reached no mailbox: the config's defaults. */
  readonly defaults: FeedbackSettings;
  /** Default `REPLY_RATE_LIMIT`. */
  readonly rateLimit?: ReplyLimit;
  /** Replies to all senders together in a window (the config's `replies.maxPerHour`); absent: no global cap. */
  readonly globalLimit?: ReplyLimit;
  /** Answer mail that reached no mailbox (the config's `replies.answerUnroutable`); absent: never. */
  readonly answerUnroutable?: boolean;
}

/** The feedback ports from the admin's config. */
export function feedbackDeps(
  config: {
    readonly domain: string;
    readonly replyFrom?: string;
    readonly defaults: FeedbackSettings;
    readonly replies?: { readonly maxPerHour: number; readonly answerUnroutable: boolean };
  },
  ports: { readonly sender: ReplySender; readonly replies: ReplyLedger },
): FeedbackDeps {
  return {
    ...ports,
    replyFrom: replyFromAddress(config),
    defaults: { feedback: config.defaults.feedback, language: config.defaults.language },
    globalLimit: {
      maxReplies: config.replies?.maxPerHour ?? DEFAULT_REPLIES_PER_HOUR,
      windowMs: 60 * 60 * 1000,
    },
    answerUnroutable: config.replies?.answerUnroutable ?? false,
  };
}
