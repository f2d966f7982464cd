import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ComposedReply } from './compose-reply';
import { ReplyError, type ReplySender } from './reply-sender';

/** Where a local reply went, for the console. */
export interface LocalReply {
  readonly to: string;
  readonly subject: string;
  /** The `.eml` file holding it. */
  readonly file: string;
}

/**
 * The local inbox's catch-all: every reply becomes an `.eml` file in `directory` (under `.local/`),
 * named after the message it answers, and is announced; nothing ever leaves the machine.
 */
export class LocalReplySender implements ReplySender {
  constructor(
    private readonly directory: string,
    private readonly onReply: (reply: LocalReply) => void = () => undefined,
  ) {}

  async send(reply: ComposedReply): Promise<void> {
    const file = join(this.directory, `${reply.reference.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`);
    try {
      await mkdir(this.directory, { recursive: true });
      await writeFile(file, reply.raw);
    } catch (error) {
      throw new ReplyError(`Cannot write the reply to ${file}`, { cause: error });
    }
    this.onReply({ to: reply.to, subject: reply.subject, file });
  }
}
