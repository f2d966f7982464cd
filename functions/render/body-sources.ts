import type { ParsedMail } from 'mailparser';
import type { FoundMessage } from '../mail/nested-message';
import type { SignatureCheck } from '../signed/open-signed-data';
import { hasBody, type MessageBody, messageBodyOf } from './message-body';

/** The origin the report shows for the body of the message that arrived, and its PDF. */
export const BODY_ORIGIN = 'message body';

/** Whether a candidate's origin is a message body: the message's own, or a forwarded message's. */
export function isBodyOrigin(origin: string): boolean {
  return origin === BODY_ORIGIN || origin.endsWith(` > ${BODY_ORIGIN}`);
}

/** A body that may become the message's document, and where it sits. */
export interface BodySource {
  readonly body: MessageBody;
  /** `message body`, or for a forwarded message's `forwarded message "Your receipt" > message body`. */
  readonly origin: string;
  /** Whether it is the body of a forwarded message rather than of the message that arrived. */
  readonly forwarded: boolean;
  /** For the body of signed content (and anything forwarded inside it): what the signature says. */
  readonly signature?: SignatureCheck;
}

/**
 * The bodies that may be the document: those of the messages that forward nothing. A message that
 * carries a forwarded message (an attached `.eml`, a `message/rfc822` part, opened or not) is the
 * wrapper a client forwarded it in, its body at most a note ("see attached"), so the forwarded
 * message's body is considered instead, level after level; a client who forwards three receipts as
 * attachments at once gets three. A message without forwards is considered itself, as before.
 * Signed content is the signed message's own body in effect: where its MIME entity has no subject,
 * sender or date of its own (S/MIME clients usually sign only the body), the enclosing message's
 * name it. `found` comes from `extractDocuments`' `onMessage`, in walk order (outer before inner).
 */
export function bodySources(parsed: ParsedMail, found: readonly FoundMessage[]): BodySource[] {
  const wrappers = new Set(found.map((message) => message.enclosing ?? ''));
  const outer = messageBodyOf(parsed);
  const bodies = new Map<string, MessageBody>([['', outer]]);
  const sources: BodySource[] = wrappers.has('')
    ? []
    : [{ body: outer, origin: BODY_ORIGIN, forwarded: false }];
  for (const message of found) {
    if (message.kind === 'unopened') continue;
    const own = messageBodyOf(message.parsed);
    const enclosing = bodies.get(message.enclosing ?? '');
    const body = message.kind === 'signed' && enclosing !== undefined ? withHeadersOf(own, enclosing) : own;
    bodies.set(message.origin, body);
    if (wrappers.has(message.origin)) continue;
    sources.push({
      body,
      origin: `${message.origin} > ${BODY_ORIGIN}`,
      forwarded: message.kind === 'forwarded' || message.enclosing !== undefined,
      ...(message.signature === undefined ? {} : { signature: message.signature }),
    });
  }
  return sources.filter((source) => hasBody(source.body));
}

/** Signed content named by its enclosing message where it says nothing itself. */
function withHeadersOf(own: MessageBody, enclosing: MessageBody): MessageBody {
  const date = own.date ?? enclosing.date;
  return {
    ...own,
    subject: own.subject === '' ? enclosing.subject : own.subject,
    from: own.from === '' ? enclosing.from : own.from,
    to: own.to === '' ? enclosing.to : own.to,
    ...(date === undefined ? {} : { date }),
  };
}
