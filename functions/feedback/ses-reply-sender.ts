import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { ComposedReply } from './compose-reply';
import { ReplyError, type ReplySender } from './reply-sender';

/**
 * Sends replies with SES v2 `SendEmail` and raw content, so the headers RFC 3834 asks for reach
 * the recipient as composed. The stack lets the function send only from the reply address.
 */
export class SesReplySender implements ReplySender {
  constructor(
    private readonly client: SESv2Client,
    /** The stack's configuration set: SES then never writes to an address on the suppression list. */
    private readonly configurationSetName?: string,
  ) {}

  async send(reply: ComposedReply): Promise<void> {
    try {
      await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: reply.from,
          Destination: { ToAddresses: [reply.to] },
          Content: { Raw: { Data: reply.raw } },
          ...(this.configurationSetName === undefined
            ? {}
            : { ConfigurationSetName: this.configurationSetName }),
        }),
      );
    } catch (error) {
      const name = (error as { name?: string }).name ?? 'Error';
      // In the SES sandbox, unverified recipients are refused with MessageRejected: see the README.
      throw new ReplyError(`SES SendEmail from ${reply.from} to ${reply.to} failed (${name})`, {
        cause: error,
      });
    }
  }
}
