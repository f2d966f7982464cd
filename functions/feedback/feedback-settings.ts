/**
 * When a sender hears back: `acknowledge` (a receipt for every message, listing what was delivered),
 * `problems` (only when something was not delivered) or `off`.
 */
export const FEEDBACK_MODES = ['acknowledge', 'problems', 'off'] as const;
/** A mailbox's feedback setting. */
export type FeedbackMode = (typeof FEEDBACK_MODES)[number];

/** The languages replies are written in: Dutch, French, English and German. */
export const REPLY_LANGUAGES = ['en', 'nl', 'fr', 'de'] as const;
/** A reply's language. */
export type ReplyLanguage = (typeof REPLY_LANGUAGES)[number];

/**
 * `problems`: a client mostly wants to hear when an invoice did not arrive; a receipt for every
 * forwarded mail is opt-in, per mailbox.
 */
export const DEFAULT_FEEDBACK_MODE: FeedbackMode = 'problems';

/** English unless a mailbox says otherwise: the one language every client can be assumed to read a little. */
export const DEFAULT_REPLY_LANGUAGE: ReplyLanguage = 'en';

/** The local part replies come from when the config names no `replyFrom`. */
export const DEFAULT_REPLY_LOCAL_PART = 'noreply';

/** How one mailbox (or, for mail that reached none, the config's defaults) answers senders. */
export interface FeedbackSettings {
  readonly feedback: FeedbackMode;
  readonly language: ReplyLanguage;
}

/** The settings of the mailbox that answers, the defaults filling what it leaves out (or all, for none). */
export function settingsOf(
  mailbox: { readonly feedback?: FeedbackMode; readonly language?: ReplyLanguage } | undefined,
  defaults: FeedbackSettings,
): FeedbackSettings {
  return {
    feedback: mailbox?.feedback ?? defaults.feedback,
    language: mailbox?.language ?? defaults.language,
  };
}

/** The address replies come from: the config's `replyFrom`, else `noreply@<domain>`. */
export function replyFromAddress(config: { readonly domain: string; readonly replyFrom?: string }): string {
  return config.replyFrom ?? `${DEFAULT_REPLY_LOCAL_PART}@${config.domain}`;
}

/** Whether `address` is on `domain` or one of its subdomains (both lower case). */
export function isOnDomain(address: string, domain: string): boolean {
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  const host = address.slice(at + 1).toLowerCase();
  return host === domain || host.endsWith(`.${domain}`);
}

/** Whether any mailbox (or the defaults, which convention addresses use) answers senders at all. */
export function answersSenders(config: {
  readonly defaults: FeedbackSettings;
  readonly mailboxes: readonly { readonly feedback?: FeedbackMode }[];
}): boolean {
  return (
    config.defaults.feedback !== 'off' ||
    config.mailboxes.some((mailbox) => (mailbox.feedback ?? config.defaults.feedback) !== 'off')
  );
}

/** Replies per hour to all senders together, when the config does not say (see `replies.maxPerHour`). */
export const DEFAULT_REPLIES_PER_HOUR = 100;
