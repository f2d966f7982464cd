import { withReply } from '../feedback/reply-to-sender';
import { VERDICT_NAMES } from '../policy/verdict-policy';
import type { MessageReport } from '../reports/message-report';
import { InvalidInputError } from '../shared/errors';
import type { MessageLocation } from '../storage/message-store';
import type { IncomingMessage } from './incoming-message';
import type { BatchDeps } from './process-batch';
import { processMessage } from './process-message';

/** Which stored message to process again. */
export interface ReplayRequest {
  readonly messageId: string;
  /** The bucket holding the raw mail and the reports. */
  readonly bucket: string;
  /** The key prefix SES writes raw mail under (`inbound/`); used when no report names the key. */
  readonly rawMailPrefix: string;
  /** Envelope recipients to route by; default: those of the message's last report. */
  readonly recipients?: readonly string[];
}

/** What a replay did. */
export interface ReplayResult {
  readonly report: MessageReport;
  readonly reportLocation: string;
}

/**
 * Processes a stored message again, through the same code as the queue, for example after an admin
 * fixed a mailbox's config. Mailboxes finished earlier are processed again, and the ledger keeps
 * every document that already reached Clearfacts from being sent twice. The new report replaces
 * the old one.
 */
export async function replayMessage(request: ReplayRequest, deps: BatchDeps): Promise<ReplayResult> {
  const { messageId, bucket } = request;
  const previous = await deps.reports.loadReport(messageId, bucket);
  const recipients = request.recipients ?? previous?.recipients.map((route) => route.recipient) ?? [];
  if (recipients.length === 0) {
    throw new InvalidInputError(
      `Message ${messageId} has no report in ${bucket} to take its recipients from: pass them with --recipient`,
    );
  }
  const verdicts = recordedVerdicts(previous, messageId, bucket);
  const location = storedLocation(previous?.rawMessage) ?? {
    bucket,
    key: `${request.rawMailPrefix}${messageId}`,
  };
  const message: IncomingMessage = {
    messageId,
    ...(previous?.receivedAt === undefined ? {} : { receivedAt: previous.receivedAt }),
    envelopeSender: previous?.envelopeSender ?? '',
    recipients,
    verdicts,
    attempt: (previous?.attempt ?? 0) + 1,
    rawMessage: `s3://${location.bucket}/${location.key}`,
    open: () => deps.messages.openRawMessage(location),
  };
  const processing = { ...deps, replay: true };
  // Answered like a message from the queue: a released message gets the acknowledgement its
  // mailbox asks for; the reply ledger keeps a sender from being answered twice for one message.
  const report = await withReply(message, await processMessage(message, processing), processing);
  return { report, reportLocation: await deps.reports.saveReport(report, bucket) };
}

/**
 * SES's verdicts as the message's notification gave them, recorded in its last report. Without
 * them a replay would judge the message as if nothing had been found (a virus FAIL would upload),
 * so it refuses and names what is missing.
 */
function recordedVerdicts(
  previous: MessageReport | undefined,
  messageId: string,
  bucket: string,
): Readonly<Record<string, string>> {
  if (previous === undefined) {
    throw new InvalidInputError(
      `Message ${messageId} has no report in ${bucket}, so SES's verdicts (${VERDICT_NAMES.join(', ')}) from its notification are unknown: it cannot be replayed safely`,
    );
  }
  const missing = VERDICT_NAMES.filter((name) => previous.verdicts[name] === undefined);
  if (missing.length > 0) {
    throw new InvalidInputError(
      `The report of message ${messageId} does not record SES's ${missing.join(', ')} verdict${missing.length === 1 ? '' : 's'}: it cannot be replayed safely`,
    );
  }
  return previous.verdicts;
}

/** Reads `s3://bucket/key` as the report records it. */
export function storedLocation(uri: string | undefined): MessageLocation | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri ?? '');
  return match?.[1] === undefined || match[2] === undefined ? undefined : { bucket: match[1], key: match[2] };
}
