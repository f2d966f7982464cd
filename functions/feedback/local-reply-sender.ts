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

/** One reply, one per release after it, and room for data directories reused across test runs. */
const MAX_REPLIES_PER_MESSAGE = 20;

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
    const base = join(this.directory, reply.reference.replace(/[^A-Za-z0-9._-]/g, '_'));
    let file = `${base}.eml`;
    try {
      await mkdir(this.directory, { recursive: true });
      // A message may be answered twice (held, then released): the second reply goes beside the first.
      for (let copy = 2; ; copy += 1) {
        try {
          await writeFile(file, reply.raw, { flag: 'wx' });
          break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || copy > MAX_REPLIES_PER_MESSAGE)
            throw error;
          file = `${base}-${copy}.eml`;
        }
      }
    } catch (error) {
      throw new ReplyError(`Cannot write the reply to ${file}`, { cause: error });
    }
    this.onReply({ to: reply.to, subject: reply.subject, file });
  }
}
