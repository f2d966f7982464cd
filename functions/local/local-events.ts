import type { LocalReply } from '../feedback/local-reply-sender';
import type { RecordResult } from '../ingest/process-batch';
import type { StoredUpload } from './clearfacts/sandbox-store';
import type { SpooledMessage, StoredMessage } from './ses-receipt-action';
import type { RefusedMail } from './smtp-inbox';

/** Something the local stack did, for the console (and for tests to wait on). */
export type LocalEvent =
  /** The inbox accepted a message, stored it and queued its notification. */
  | { readonly type: 'received'; readonly message: SpooledMessage; readonly stored: StoredMessage }
  /** The inbox refused a recipient or a message, with the SMTP reply it sent. */
  | { readonly type: 'refused'; readonly refused: RefusedMail }
  /** The handler code processed a queue record; `reportFile` is the report on disk. */
  | { readonly type: 'processed'; readonly result: RecordResult; readonly reportFile?: string }
  /** A record failed and comes back after `delayMs`. */
  | {
      readonly type: 'retry';
      readonly recordId: string;
      readonly receiveCount: number;
      readonly delayMs: number;
    }
  /** A record failed every delivery and was written to the dead-letter folder. */
  | { readonly type: 'dead-letter'; readonly recordId: string; readonly file: string; readonly error: string }
  /** The Clearfacts sandbox stored an upload. */
  | { readonly type: 'sandbox-upload'; readonly upload: StoredUpload }
  /** A reply to a sender went to the local catch-all instead of the internet. */
  | { readonly type: 'reply'; readonly reply: LocalReply }
  /** The Clearfacts sandbox refused an upload, as the real API would. */
  | { readonly type: 'sandbox-refused'; readonly reason: string }
  /** A warning or error the processing code logged. */
  | {
      readonly type: 'log';
      readonly level: 'warn' | 'error';
      readonly message: string;
      readonly attributes: Readonly<Record<string, unknown>>;
    };
