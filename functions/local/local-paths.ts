import { join } from 'node:path';

/** Where the local stack keeps its state, all under one data directory (`.local/` by default, git-ignored). */
export interface LocalPaths {
  readonly dataDir: string;
  /** s3rver's objects: raw messages under `inbound/`, reports under `reports/`. */
  readonly s3: string;
  /** The sandbox's uploads, one folder per company number. */
  readonly clearfacts: string;
  /** What was uploaded where (the delivery ledger, DynamoDB in AWS): stops repeats across restarts. */
  readonly ledger: string;
  /** Messages that failed every delivery, one JSON file each. */
  readonly deadLetter: string;
  /** Messages being received over SMTP, before they are stored. */
  readonly spool: string;
  /** Queue messages not yet processed when the stack stopped, picked up at the next start. */
  readonly pendingQueue: string;
  /** Replies to senders, one `.eml` file each: the local catch-all (SES in AWS). */
  readonly replies: string;
}

/** The layout of a data directory. */
export function localPaths(dataDir: string): LocalPaths {
  return {
    dataDir,
    s3: join(dataDir, 's3'),
    clearfacts: join(dataDir, 'clearfacts'),
    ledger: join(dataDir, 'ledger.json'),
    deadLetter: join(dataDir, 'dead-letter'),
    spool: join(dataDir, 'spool'),
    pendingQueue: join(dataDir, 'queue-pending.json'),
    replies: join(dataDir, 'replies'),
  };
}
