import type { SESv2Client, SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import type { ComposedReply } from './compose-reply';
import type { ReplySender } from './reply-sender';

/** A reply sender that loads the SES v2 client, and makes it, when the first reply goes out. */
export interface LazyReplySender extends ReplySender {
  /** Releases the client, if one was made. */
  destroy(): void;
}

/**
 * SES replies without SES at start: most invocations answer nobody (the default feedback is
 * `problems`), so the SES v2 client and its sender load on the first reply instead of with every
 * cold start (issue #19). Concurrent first replies share one load.
 */
export function lazySesReplySender(
  clientConfig: SESv2ClientConfig,
  configurationSetName: string | undefined,
): LazyReplySender {
  let client: SESv2Client | undefined;
  let sender: Promise<ReplySender> | undefined;
  const load = async (): Promise<ReplySender> => {
    const [{ SESv2Client }, { SesReplySender }] = await Promise.all([
      import('@aws-sdk/client-sesv2'),
      import('./ses-reply-sender'),
    ]);
    client = new SESv2Client(clientConfig);
    return new SesReplySender(client, configurationSetName);
  };
  return {
    async send(reply: ComposedReply): Promise<void> {
      sender ??= load();
      await (await sender).send(reply);
    },
    destroy: () => client?.destroy(),
  };
}
