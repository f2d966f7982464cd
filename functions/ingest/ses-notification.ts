import { InvalidInputError } from '../shared/errors';
import '../shared/zod-english';
import * as z from 'zod/mini';

/** SES writes this object (and announces it) when a receipt rule with an S3 action is created. */
export const SES_SETUP_NOTIFICATION_ID = 'AMAZON_SES_SETUP_NOTIFICATION';

/** SES verdict statuses; `DISABLED` appears when scanning is off for the rule. */
const verdictSchema = z.pipe(
  z.object({ status: z.string() }),
  z.transform((verdict: { status: string }) => verdict.status.toUpperCase() as VerdictStatus),
);

/** The verdict values SES documents. */
export type VerdictStatus = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'DISABLED';

const headerAddressList = z.optional(z.array(z.string()));

/** The parts of SES's "Received" notification this pipeline relies on. */
export const sesReceivedNotificationSchema = z.object({
  notificationType: z.literal('Received'),
  mail: z.object({
    messageId: z.string().check(z.minLength(1)),
    timestamp: z.optional(z.string()),
    /** The envelope sender (MAIL FROM); empty for bounces. */
    source: z._default(z.string(), ''),
    destination: z._default(z.array(z.string()), []),
    commonHeaders: z._default(
      z.partial(
        z.object({
          from: headerAddressList,
          to: headerAddressList,
          subject: z.optional(z.string()),
          messageId: z.optional(z.string()),
          date: z.optional(z.string()),
        }),
      ),
      {},
    ),
  }),
  receipt: z.object({
    timestamp: z.optional(z.string()),
    /** The envelope recipients that matched the rule: what routing uses. */
    recipients: z.array(z.string()).check(z.minLength(1)),
    spamVerdict: z.optional(verdictSchema),
    virusVerdict: z.optional(verdictSchema),
    spfVerdict: z.optional(verdictSchema),
    dkimVerdict: z.optional(verdictSchema),
    dmarcVerdict: z.optional(verdictSchema),
    action: z.object({
      type: z.literal('S3'),
      bucketName: z.string().check(z.minLength(1)),
      /** Already includes the rule's prefix. */
      objectKey: z.string().check(z.minLength(1)),
      topicArn: z.optional(z.string()),
    }),
  }),
});

/** A validated SES receipt notification for a message stored in S3. */
export type SesReceivedNotification = z.infer<typeof sesReceivedNotificationSchema>;

/** What one queue message turned out to be. */
export type ParsedNotification =
  | { readonly kind: 'received'; readonly notification: SesReceivedNotification }
  | { readonly kind: 'ignored'; readonly reason: string };

/**
 * Reads a queue message body: the SNS envelope (raw delivery off, CDK's default) whose
 * `Message` is the SES JSON as a string, or the SES JSON itself (raw delivery on).
 */
export function parseNotificationBody(body: string): ParsedNotification {
  const outer = parseJson(body, 'queue message body');
  const isSnsEnvelope = isRecord(outer) && outer.Type === 'Notification' && typeof outer.Message === 'string';
  const inner = isSnsEnvelope ? parseJson(outer.Message as string, 'SNS Message') : outer;
  if (!isRecord(inner)) throw new InvalidInputError('The notification is not a JSON object');
  if (inner.notificationType !== 'Received') {
    return { kind: 'ignored', reason: `not a Received notification (${String(inner.notificationType)})` };
  }
  const mail = isRecord(inner.mail) ? inner.mail : {};
  const receipt = isRecord(inner.receipt) ? inner.receipt : {};
  const action = isRecord(receipt.action) ? receipt.action : {};
  const objectKey = typeof action.objectKey === 'string' ? action.objectKey : '';
  if (mail.messageId === SES_SETUP_NOTIFICATION_ID || objectKey.endsWith(SES_SETUP_NOTIFICATION_ID)) {
    return { kind: 'ignored', reason: 'SES setup notification for a new receipt rule' };
  }
  const result = sesReceivedNotificationSchema.safeParse(inner);
  if (!result.success) {
    const detail = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new InvalidInputError(`The SES notification is not usable: ${detail}`, { cause: result.error });
  }
  return { kind: 'received', notification: result.data };
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`The ${what} is not JSON`, { cause: error });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
