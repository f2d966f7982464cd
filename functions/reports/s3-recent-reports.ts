import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { StorageError } from '../shared/errors';
import {
  inWindow,
  mapBounded,
  parseReport,
  REPORT_READ_CONCURRENCY,
  type RecentReports,
  type RecentReportsResult,
  type ReportQuery,
  type StoredReport,
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
    const objects: { key: string; modified: Date }[] = [];
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
            objects.push({ key: object.Key, modified: object.LastModified });
          }
        }
        continuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (continuationToken !== undefined);
    } catch (error) {
      throw new StorageError(`Cannot list the reports in ${this.description}`, 'retryable', { cause: error });
    }
    objects.sort((a, b) => b.modified.getTime() - a.modified.getTime());
    const chosen = objects.slice(0, query.limit);
    const unreadable: string[] = [];
    const read = await mapBounded(chosen, REPORT_READ_CONCURRENCY, async ({ key, modified }) => {
      const location = `s3://${this.bucket}/${key}`;
      const report = parseReport(await this.text(key));
      if (report === undefined) unreadable.push(location);
      return report === undefined ? undefined : { report, storedAt: modified, location };
    });
    return {
      reports: read.filter((entry): entry is StoredReport => entry !== undefined),
      skipped: objects.length - chosen.length,
      unreadable,
    };
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
