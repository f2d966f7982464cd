import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { ReplyContent } from './reply-body';

/**
 * Message-IDs of the thread kept in `References`. Mail clients need the last few to thread the
 * reply; a crafted message with thousands must not make the reply as large as its header.
 */
export const MAX_REFERENCES = 20;

/** Who a reply goes to and what it answers. */
export interface ReplyEnvelope {
  /** Our address on the domain (the config's `replyFrom`). */
  readonly from: string;
  /** The original's header `From:` address. */
  readonly to: string;
  /** The original's `Message-ID`, as written, when it had one. */
  readonly inReplyTo?: string;
  /** The original's `References`, as written (oldest first). */
  readonly references?: string | readonly string[];
  readonly date: Date;
  /** SES's id of the message answered (the report's `messageId`). */
  readonly reference: string;
}

/** A reply ready to send: the raw MIME and what the senders and the report need to know. */
export interface ComposedReply {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  /** Our reply's own `Message-ID`. */
  readonly messageId: string;
  /** SES's id of the message answered. */
  readonly reference: string;
  readonly raw: Buffer;
}

/**
 * Builds the reply's MIME (plain text and HTML alternatives) with the headers RFC 3834 asks of an
 * automatic response: `Auto-Submitted: auto-replied`, so that other responders stay quiet, and
 * `In-Reply-To` and `References`, so that the reply lands in the original's thread.
 * `X-Auto-Response-Suppress` asks Exchange not to answer with out-of-office notes either.
 */
export async function composeReply(envelope: ReplyEnvelope, content: ReplyContent): Promise<ComposedReply> {
  const domain = envelope.from.slice(envelope.from.lastIndexOf('@') + 1);
  const messageId = `<${randomUUID()}@${domain}>`;
  // Only well-formed ids, the original's last: a crafted header cannot bloat or break the reply's.
  const inReplyTo = threadIds(envelope.inReplyTo)[0];
  const thread = [...threadIds(envelope.references), ...(inReplyTo === undefined ? [] : [inReplyTo])];
  const references = [...new Set(thread)].slice(-MAX_REFERENCES);
  const raw = await new MailComposer({
    from: envelope.from,
    to: envelope.to,
    subject: content.subject,
    text: content.text,
    html: content.html,
    messageId,
    date: envelope.date,
    ...(inReplyTo === undefined ? {} : { inReplyTo }),
    ...(references.length === 0 ? {} : { references }),
    headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
    // Everything is given inline: nothing in a reply may make the composer read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  })
    .compile()
    .build();
  return {
    from: envelope.from,
    to: envelope.to,
    subject: content.subject,
    messageId,
    reference: envelope.reference,
    raw,
  };
}

/** The `<id@host>` message ids of a header value, dropping anything else a crafted header holds. */
export function threadIds(value: string | readonly string[] | undefined): string[] {
  const text = typeof value === 'string' ? value : (value ?? []).join(' ');
  return text.match(/<[^<>\s@]{1,200}@[^<>\s@]{1,200}>/g) ?? [];
}
