import type { Readable } from 'node:stream';
import { GetObjectCommand, type GetObjectCommandOutput, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { StorageError } from '../shared/errors';
import { MAX_MESSAGE_BYTES } from '../shared/limits';
import type { MessageLocation, MessageStore } from './message-store';

/** Streams raw messages from S3, never buffering them whole. */
export class S3MessageStore implements MessageStore {
  constructor(private readonly s3: S3Client) {}

  async openRawMessage({ bucket, key }: MessageLocation): Promise<Readable> {
    let response: GetObjectCommandOutput;
    try {
      response = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') {
        throw new StorageError(`The raw message s3://${bucket}/${key} does not exist`, 'permanent', {
          cause: error,
        });
      }
      throw new StorageError(`Cannot read s3://${bucket}/${key}`, 'retryable', { cause: error });
    }
    if ((response.ContentLength ?? 0) > MAX_MESSAGE_BYTES) {
      throw new StorageError(
        `The raw message s3://${bucket}/${key} has ${response.ContentLength} bytes, over SES's ${MAX_MESSAGE_BYTES}`,
        'permanent',
      );
    }
    if (response.Body === undefined) {
      throw new StorageError(`s3://${bucket}/${key} returned no body`, 'retryable');
    }
    return response.Body as Readable;
  }
}
