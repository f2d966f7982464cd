import type { IncomingMessage } from '../ingest/incoming-message';
import type { ReplyClaim, ReplyResult } from '../ledger/reply-rules';
import { messageFacts } from '../policy/message-facts';
import type { MessageReport, ReplyReport } from '../reports/message-report';
import type { MailboxRouter } from '../routing/route-recipients';
import { describeError } from '../shared/errors';
import type { EventLog } from '../shared/event-log';
import type { FeedbackDeps } from './feedback-deps';
import { type FeedbackSettings, settingsOf } from './feedback-settings';
import { heldAsRepeat, heldOnlyForSender } from './hold-reason';
import { type OriginalHeaders, readOriginalHeaders } from './original-headers';
import { writeReply } from './reply-body';
import { decideReply } from './reply-policy';
import { reserveGlobalReply, reserveReply } from './reply-rate-limit';
import { type ReplySummary, summariseReply } from './reply-summary';

/** What the reply step needs from the batch's ports. */
export interface ReplyPorts {
  readonly router: MailboxRouter;
  readonly log: EventLog;
  readonly now: () => Date;
  /** Absent: replies are not set up, and the report says nothing about them. */
  readonly feedback?: FeedbackDeps;
}

/**
 * Answers the sender once the message's outcome is final, and records that in the report. Never
 * throws: a reply that fails is logged and reported, and the message stays done; the invoice
 * matters more than the receipt. While the message is retried, nothing is sent or recorded.
 */
export async function withReply(
  message: IncomingMessage,
  report: MessageReport,
  ports: ReplyPorts,
): Promise<MessageReport> {
  const { feedback } = ports;
  if (feedback === undefined || report.outcome === 'retrying' || report.outcome === 'planned') return report;
  let reply: ReplyReport;
  try {
    reply = await replyToSender(message, report, ports, feedback);
  } catch (error) {
    ports.log.warn('reply to the sender failed', {
      messageId: message.messageId,
      error: describeError(error),
    });
    reply = { sent: false, reason: `the reply failed: ${describeError(error)}` };
  }
  return { ...report, reply };
}

async function replyToSender(
  message: IncomingMessage,
  report: MessageReport,
  ports: ReplyPorts,
  feedback: FeedbackDeps,
): Promise<ReplyReport> {
  const { router } = ports;
  const original = await readOriginalHeaders(() => message.open());
  const facts = messageFacts(original, {
    verdicts: message.verdicts,
    envelopeSender: message.envelopeSender,
    ownDomain: router.domain,
    isOwnMailbox: (address) => router.routeOne(address).mailbox !== undefined,
  });
  const mailboxOf = (address: string) => router.routeOne(address).mailbox;
  // The first routed recipient's mailbox answers; mail that reached none, the config's defaults.
  const routed = report.recipients.find((recipient) => recipient.mailbox !== undefined)?.mailbox;
  const settings = settingsOf(routed === undefined ? undefined : mailboxOf(routed), feedback.defaults);
  const summary = summariseReply(report);
  const decision = decideReply({
    outcome: report.outcome,
    mode: settings.feedback,
    facts,
    envelopeSender: message.envelopeSender,
    recipients: message.recipients,
    ownDomain: router.domain,
    replyFrom: feedback.replyFrom,
    summary,
    heldOnlyForSender: heldOnlyForSender(report, facts, mailboxOf),
    heldAsRepeat: heldAsRepeat(report),
    answerUnroutable: feedback.answerUnroutable === true,
  });
  if (!decision.reply) {
    ports.log.info('sender not answered', { messageId: message.messageId, reason: decision.reason });
    return { sent: false, reason: decision.reason };
  }

  // Once per message, whatever the retries and duplicate deliveries: the first claim answers. A
  // release is news the sender has not heard (they may have been told it was held): it has a
  // reply of its own, once however often the message is released.
  const replyId = report.released === undefined ? message.messageId : `${message.messageId}#released`;
  const claim = await feedback.replies.claimReply(replyId);
  if (claim.kind === 'answered') return answeredEarlier(claim);
  const result = await sendClaimed(
    decision.to,
    { message, report, original, settings, summary },
    ports,
    feedback,
  );
  await feedback.replies.finishReply(replyId, result);
  if (!result.sent) return { sent: false, reason: result.reason };
  ports.log.info('sender answered', {
    messageId: message.messageId,
    to: result.to,
    situation: summary.situation,
  });
  return { sent: true, to: result.to, at: result.sentAt };
}

/** What the claimed reply is written from. */
interface ReplyWork {
  readonly message: IncomingMessage;
  readonly report: MessageReport;
  readonly original: OriginalHeaders;
  readonly settings: FeedbackSettings;
  readonly summary: ReplySummary;
}

async function sendClaimed(
  to: string,
  work: ReplyWork,
  ports: ReplyPorts,
  feedback: FeedbackDeps,
): Promise<ReplyResult> {
  const perSender = await reserveReply(feedback.replies, to, feedback.rateLimit);
  const rate =
    perSender.allowed && feedback.globalLimit !== undefined
      ? await reserveGlobalReply(feedback.replies, feedback.globalLimit)
      : perSender;
  if (!rate.allowed) {
    ports.log.info('sender not answered', { messageId: work.message.messageId, reason: rate.reason });
    return { sent: false, reason: rate.reason };
  }
  const now = ports.now();
  const content = writeReply({
    summary: work.summary,
    language: work.settings.language,
    ...(work.original.subject === undefined ? {} : { originalSubject: work.original.subject }),
    reference: work.report.messageId,
  });
  // nodemailer's composer loads with the first reply, not with every cold start (issue #19).
  const { composeReply } = await import('./compose-reply');
  const reply = await composeReply(
    {
      from: feedback.replyFrom,
      to,
      ...(work.original.messageId === undefined ? {} : { inReplyTo: work.original.messageId }),
      ...(work.original.references === undefined ? {} : { references: work.original.references }),
      date: now,
      reference: work.report.messageId,
    },
    content,
  );
  try {
    await feedback.sender.send(reply);
  } catch (error) {
    ports.log.warn('reply to the sender failed', {
      messageId: work.message.messageId,
      error: describeError(error),
    });
    return { sent: false, reason: `the reply failed: ${describeError(error)}` };
  }
  return { sent: true, to, sentAt: now.toISOString() };
}

function answeredEarlier(claim: Extract<ReplyClaim, { kind: 'answered' }>): ReplyReport {
  if (claim.state === 'sent' && claim.to !== undefined && claim.sentAt !== undefined) {
    return { sent: true, to: claim.to, at: claim.sentAt, earlierAttempt: true };
  }
  if (claim.state === 'not-sent')
    return { sent: false, reason: claim.reason ?? 'not sent by an earlier attempt' };
  return { sent: false, reason: 'an earlier attempt started the reply; it is never sent twice' };
}
