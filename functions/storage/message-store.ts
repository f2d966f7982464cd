import type { Readable } from 'node:stream';

/** Where SES stored a raw message. */
export interface MessageLocation {
  readonly bucket: string;
  readonly key: string;
}

/** Reads raw messages stored by SES (S3 in AWS, s3rver locally). */
export interface MessageStore {
  /** Opens the raw MIME as a stream; throws a classified `StorageError` on failure. */
  openRawMessage(location: MessageLocation): Promise<Readable>;
}
