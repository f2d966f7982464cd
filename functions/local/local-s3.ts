import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** s3rver accepts any credentials; the SDK still needs some to sign requests. */
const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** A running local S3 (s3rver) and a real SDK client pointed at it. */
export interface LocalS3 {
  readonly endpoint: string;
  readonly client: S3Client;
  close(): Promise<void>;
}

/** Options for the local S3. */
export interface LocalS3Options {
  /** Where objects are kept on disk. */
  readonly directory: string;
  /** Buckets to create at start. */
  readonly buckets: readonly string[];
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  readonly port?: number;
}

/** Starts s3rver on 127.0.0.1 and returns a path-style S3 client for it. */
export async function startLocalS3(options: LocalS3Options): Promise<LocalS3> {
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory: options.directory,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    client: localS3Client(endpoint),
    close: async () => {
      await server.close();
    },
  };
}

/** A real S3 client for a local S3 endpoint. */
export function localS3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'eu-west-1',
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
    // s3rver predates the SDK's default CRC checksums and aws-chunked uploads.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Where s3rver keeps an object's bytes on disk (`<key>._S3rver_object`), for people to open directly. */
export function localObjectPath(directory: string, bucket: string, key: string): string {
  return join(directory, bucket, ...`${key}._S3rver_object`.split('/'));
}
