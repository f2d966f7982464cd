import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createTransport, type SendMailOptions } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Config } from '../../functions/config/config-schema';
import { loadConfigFile } from '../../functions/config/load-config';
import type { LocalEvent } from '../../functions/local/local-events';
import { localS3Client } from '../../functions/local/local-s3';
import { EXAMPLE_CONFIG_PATH } from '../../functions/local/local-settings';
import { type LocalStack, startLocalStack } from '../../functions/local/local-stack';
import type { MessageReport } from '../../functions/reports/message-report';

/** The local stack (`npm start`'s) on random ports in a temp folder of its own, as end-to-end tests run it. */
export interface LocalTestStack {
  readonly stack: LocalStack;
  readonly dataDir: string;
  /** A client of the stack's local S3. */
  readonly s3: S3Client;
  /** Sends a mail to the stack's SMTP port; resolves with the server's answer. */
  send(mail: SendMailOptions): Promise<SMTPTransport.SentMessageInfo>;
  /** The report the stack stored for a message (the id from `queuedMessageId`). */
  report(messageId: string): Promise<MessageReport>;
  /** Stops the stack and removes its folder. */
  stop(): Promise<void>;
}

/** Starts the local stack with the example config (or `config`), every port chosen by the system. */
export async function startLocalTestStack(options: {
  /** The temp folder's name starts with this. */
  readonly prefix: string;
  readonly config?: (example: Config) => Config;
  readonly onEvent?: (event: LocalEvent) => void;
}): Promise<LocalTestStack> {
  const dataDir = await mkdtemp(join(tmpdir(), options.prefix));
  const example = loadConfigFile(EXAMPLE_CONFIG_PATH);
  const stack = await startLocalStack({
    config: options.config?.(example) ?? example,
    dataDir,
    smtpPort: 0,
    s3Port: 0,
    sandboxPort: 0,
    onEvent: options.onEvent ?? (() => undefined),
  });
  const s3 = localS3Client(stack.s3Endpoint);
  return {
    stack,
    dataDir,
    s3,
    send: (mail) => sendOverSmtp(stack.smtpPort, mail),
    report: async (messageId) => {
      const object = await s3.send(
        new GetObjectCommand({ Bucket: stack.bucket, Key: `reports/${messageId}.json` }),
      );
      return JSON.parse(await (object.Body?.transformToString() ?? '')) as MessageReport;
    },
    stop: async () => {
      s3.destroy();
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Sends one mail over plain SMTP to 127.0.0.1:`port`, as a mail server would hand it to SES. */
export async function sendOverSmtp(
  port: number,
  mail: SendMailOptions,
): Promise<SMTPTransport.SentMessageInfo> {
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail(mail);
  } finally {
    transport.close();
  }
}

/** The message id the local inbox answered with (`250 … queued as <id>`), as SES names the stored mail. */
export function queuedMessageId(info: SMTPTransport.SentMessageInfo): string {
  const id = /queued as ([a-z0-9]{40})/.exec(info.response)?.[1];
  if (id === undefined) throw new Error(`No message id in "${info.response}"`);
  return id;
}
