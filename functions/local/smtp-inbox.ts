import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  SMTPServer,
  type SMTPServerAddress,
  type SMTPServerDataStream,
  type SMTPServerSession,
} from 'smtp-server';
import { describeError } from '../shared/errors';
import { MAX_MESSAGE_BYTES } from '../shared/limits';
import { HEADER_BLOCK_BYTES } from './message-headers';
import type { SpooledMessage, StoredMessage } from './ses-receipt-action';
import { traceHeaders } from './trace-headers';

/** Connections still open this long after `close()` are cut: a local tool should stop at once. */
const CLOSE_TIMEOUT_MS = 1_000;

/** What the inbox reports about mail it did not take. */
export interface RefusedMail {
  readonly stage: 'recipient' | 'message';
  readonly address?: string;
  readonly reply: string;
}

/** How the local inbox behaves. */
export interface SmtpInboxOptions {
  /** The only domain accepted at RCPT TO (the config's `domain`), like the receipt rule's recipient. */
  readonly domain: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  /** Where messages are written while they arrive. */
  readonly spoolDirectory: string;
  /** Larger messages are refused with 552 (default SES's 40 MB). */
  readonly maxMessageBytes?: number;
  /** Stores and announces an accepted message (the receipt rule); a failure answers 451. */
  readonly receive: (message: SpooledMessage) => Promise<StoredMessage>;
  readonly onRefused?: (refused: RefusedMail) => void;
}

/** The running inbox. */
export interface SmtpInbox {
  readonly port: number;
  /** Stops accepting, waits for messages being stored, then closes. */
  close(): Promise<void>;
}

/** The enhanced status codes smtp-server puts after the replies the inbox sends (RFC 3463). */
const ENHANCED_CODES: Readonly<Record<number, string>> = { 451: '4.3.0', 550: '5.1.1', 552: '5.2.2' };

/** An SMTP error reply for smtp-server, which adds the enhanced status code itself. */
function smtpReply(code: number, text: string): Error & { responseCode: number } {
  return Object.assign(new Error(text), { responseCode: code });
}

/** The reply line as the client sees it, for the console. */
function replyLine(code: number, text: string): string {
  return [code, ENHANCED_CODES[code], text].filter((part) => part !== undefined).join(' ');
}

/** Starts the SMTP inbox that stands in for SES's inbound endpoint, on 127.0.0.1. */
export async function startSmtpInbox(options: SmtpInboxOptions): Promise<SmtpInbox> {
  const maxBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  const inFlight = new Set<Promise<unknown>>();
  await mkdir(options.spoolDirectory, { recursive: true });

  const onRcptTo = (
    address: SMTPServerAddress,
    _session: SMTPServerSession,
    callback: (error?: Error) => void,
  ) => {
    const recipient = address.address;
    if (recipient.slice(recipient.lastIndexOf('@') + 1).toLowerCase() === options.domain) return callback();
    const reply = `<${recipient}>: recipient refused, this inbox accepts mail only for @${options.domain}`;
    options.onRefused?.({ stage: 'recipient', address: recipient, reply: replyLine(550, reply) });
    callback(smtpReply(550, reply));
  };

  const receiveData = async (stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> => {
    const path = join(options.spoolDirectory, `${randomUUID()}.eml`);
    const receivedAt = new Date();
    const trace = traceHeaders(session, receivedAt);
    const head: Buffer[] = [trace];
    let headBytes = trace.length;
    let dataBytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        dataBytes += chunk.length;
        if (headBytes < HEADER_BLOCK_BYTES) {
          head.push(chunk.subarray(0, HEADER_BLOCK_BYTES - headBytes));
          headBytes += Math.min(chunk.length, HEADER_BLOCK_BYTES - headBytes);
        }
        // Past the limit the rest is read (SMTP needs it) but not written anywhere.
        done(null, dataBytes > maxBytes ? undefined : chunk);
      },
    });
    try {
      const file = createWriteStream(path);
      file.write(trace);
      await pipeline(stream, tap, file);
      if (dataBytes > maxBytes) {
        const reply = `Message too big: ${dataBytes} bytes, SES accepts at most ${maxBytes}`;
        options.onRefused?.({ stage: 'message', reply: replyLine(552, reply) });
        throw smtpReply(552, reply);
      }
      const { mailFrom, rcptTo } = session.envelope;
      const stored = await options.receive({
        path,
        size: trace.length + dataBytes,
        head: Buffer.concat(head),
        envelopeSender: mailFrom === false ? '' : mailFrom.address,
        recipients: rcptTo.map((recipient) => recipient.address),
        receivedAt,
      });
      return `Ok: queued as ${stored.messageId}`;
    } catch (error) {
      if ((error as { responseCode?: number }).responseCode !== undefined) throw error;
      const reply = `Local error: the message could not be stored, try again later (${describeError(error)})`;
      options.onRefused?.({ stage: 'message', reply: replyLine(451, reply) });
      throw smtpReply(451, reply);
    } finally {
      await rm(path, { force: true });
    }
  };

  const server = new SMTPServer({
    name: 'localhost',
    banner: 'clearfacts-mail-ingest local inbox (stands in for SES)',
    // Plain SMTP on the loopback interface: SES requires TLS, a local try-out needs no certificate.
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    // No DNS: the client is on the loopback interface, and this tool makes no outside calls.
    disableReverseLookup: true,
    // Replies carry RFC 3463 codes (550 5.1.1), as SES's do; smtp-server hides them by default.
    hideENHANCEDSTATUSCODES: false,
    size: maxBytes,
    logger: false,
    closeTimeout: CLOSE_TIMEOUT_MS,
    onRcptTo,
    onData(stream, session, callback) {
      const work = receiveData(stream, session).then(
        (reply) => callback(null, reply),
        (error: Error) => callback(error),
      );
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Errors after start (a client resetting its connection) must not crash the process.
  server.on('error', () => undefined);
  const { port } = server.server.address() as AddressInfo;

  return {
    port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
      await closed;
    },
  };
}
