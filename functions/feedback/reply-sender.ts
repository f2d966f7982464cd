import { IngestError } from '../shared/errors';
import type { ComposedReply } from './compose-reply';

/** Sends composed replies: SES in AWS, a folder of `.eml` files in the local inbox. */
export interface ReplySender {
  /** Sends one reply; throws a `ReplyError` when it could not. */
  send(reply: ComposedReply): Promise<void>;
}

/** A reply could not be sent. Never retried: the message it answers is finished. */
export class ReplyError extends IngestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'permanent', options);
    this.name = 'ReplyError';
  }
}
