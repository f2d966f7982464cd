/** How full a queue is, and how long its oldest message has waited. */
export interface QueueDepth {
  /** The queue's name (or the local file or folder that stands in for it). */
  readonly name: string;
  /** Messages waiting to be received. */
  readonly waiting: number;
  /** Messages received and not yet deleted (being processed, or waiting for a retry). */
  readonly inFlight: number;
  /** Age of the oldest message in seconds, when known. */
  readonly oldestAgeSeconds?: number;
}

/** The ingest queue and its dead-letter queue, as `status` shows them. */
export interface QueueReport {
  readonly queue?: QueueDepth;
  readonly deadLetterQueue?: QueueDepth;
}
