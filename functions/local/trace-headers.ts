import type { SMTPServerSession } from 'smtp-server';

/** How the inbox names itself in `Received:`, where SES writes its own inbound host. */
const INBOX_HOST = 'localhost (clearfacts-mail-ingest local inbox)';

/**
 * The trace headers a receiving server puts on top of a message, as SES does on what it
 * stores: `Return-Path` (the envelope sender) and `Received` (who handed it over, when, for whom).
 */
export function traceHeaders(session: SMTPServerSession, receivedAt: Date): Buffer {
  const { mailFrom, rcptTo } = session.envelope;
  const client = headerSafe(session.hostNameAppearsAs || 'unknown');
  const address = headerSafe(session.remoteAddress);
  const recipient =
    rcptTo.length === 1 && rcptTo[0] !== undefined ? `\r\n\tfor <${headerSafe(rcptTo[0].address)}>` : '';
  const date = receivedAt.toUTCString().replace('GMT', '+0000');
  return Buffer.from(
    `Return-Path: <${mailFrom === false ? '' : headerSafe(mailFrom.address)}>\r\n` +
      `Received: from ${client} ([${address}])\r\n\tby ${INBOX_HOST} with SMTP${recipient}; ${date}\r\n`,
  );
}

/** What clients send in HELO and MAIL FROM must not break a header line. */
function headerSafe(text: string): string {
  return text.replace(/[^\x21-\x7e]/g, '');
}
