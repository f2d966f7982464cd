import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { StorageError } from '../shared/errors';
import {
  type FoundReport,
  inWindow,
  type RecentReports,
  type RecentReportsResult,
  type ReportQuery,
  readNewestReports,
} from './recent-reports';
import { DEFAULT_REPORTS_PREFIX } from './s3-report-store';

/** The reports under `reports/` in the mail bucket, newest first by the objects' LastModified. */
export class S3RecentReports implements RecentReports {
  readonly description: string;

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix = DEFAULT_REPORTS_PREFIX,
  ) {
    this.description = `s3://${bucket}/${prefix}`;
  }

  async list(query: ReportQuery): Promise<RecentReportsResult> {
    const found: FoundReport[] = [];
    let continuationToken: string | undefined;
    try {
      do {
        const page = await this.s3.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: this.prefix,
            ContinuationToken: continuationToken,
          }),
        );
        for (const object of page.Contents ?? []) {
          if (
            object.Key?.endsWith('.json') &&
            object.LastModified !== undefined &&
            inWindow(object.LastModified, query)
          ) {
            const key = object.Key;
            found.push({
              location: `s3://${this.bucket}/${key}`,
              modified: object.LastModified,
              read: () => this.text(key),
            });
          }
        }
        continuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (continuationToken !== undefined);
    } catch (error) {
      throw new StorageError(`Cannot list the reports in ${this.description}`, 'retryable', { cause: error });
    }
    return readNewestReports(found, query.limit);
  }

  private async text(key: string): Promise<string> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return (await object.Body?.transformToString('utf8')) ?? '';
    } catch (error) {
      throw new StorageError(`Cannot read the report s3://${this.bucket}/${key}`, 'retryable', {
        cause: error,
      });
    }
  }
}
