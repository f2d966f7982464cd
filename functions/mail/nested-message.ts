import type { ParsedMail } from 'mailparser';
import type { SignatureCheck } from '../signed/open-signed-data';

/**
 * A message found inside the one that arrived, whose body may be the document: a forwarded message
 * (an attached `.eml`, a `message/rfc822` part) or the MIME entity an S/MIME signature wraps.
 */
export interface NestedMessage {
  /** `forwarded`, or `signed`: the content of an opaque-signed message, its own body in effect. */
  readonly kind: 'forwarded' | 'signed';
  readonly parsed: ParsedMail;
  /** Where it sits, as candidates' origins say it (`forwarded message "Your receipt"`). */
  readonly origin: string;
  /** The origin of the nested message it was found in; absent when the message that arrived holds it. */
  readonly enclosing?: string;
  /** For signed content, and for anything nested inside it: what the signature says. */
  readonly signature?: SignatureCheck;
}

/**
 * A forwarded message that was not opened (nested too deep, unreadable): its body is unknown, but
 * the message holding it is a forwarding wrapper all the same. The candidate's reason says why.
 */
export interface UnopenedMessage {
  readonly kind: 'unopened';
  /** The origin of the nested message it was found in; absent when the message that arrived holds it. */
  readonly enclosing?: string;
}

/** What the walk tells about each message it finds inside another. */
export type FoundMessage = NestedMessage | UnopenedMessage;
