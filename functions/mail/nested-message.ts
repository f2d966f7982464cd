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
  /** For signed content, and for anything nested inside it: what the signature says. */
  readonly signature?: SignatureCheck;
}
