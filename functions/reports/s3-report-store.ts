import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StorageError } from '../shared/errors';
import type { MessageReport } from './message-report';
import type { ReportStore } from './report-store';

/** Default key prefix for reports, beside SES's `inbound/` prefix. */
export const DEFAULT_REPORTS_PREFIX = 'reports/';

/** Writes each report as `reports/<messageId>.json` in the bucket that holds the raw mail. */
export class S3ReportStore implements ReportStore {
  constructor(
    private readonly s3: S3Client,
    private readonly prefix = DEFAULT_REPORTS_PREFIX,
  ) {}

  /** The key a message's report is stored under. */
  reportKey(messageId: string): string {
    return `${this.prefix}${messageId}.json`;
  }

  async saveReport(report: MessageReport, bucket: string): Promise<string> {
    const key = this.reportKey(report.messageId);
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: `${JSON.stringify(report, null, 2)}\n`,
          ContentType: 'application/json',
        }),
      );
    } catch (error) {
      throw new StorageError(`Cannot write the report s3://${bucket}/${key}`, 'retryable', { cause: error });
    }
    return `s3://${bucket}/${key}`;
  }

  async loadReport(messageId: string, bucket: string): Promise<MessageReport | undefined> {
    const key = this.reportKey(messageId);
    let text: string;
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      text = (await object.Body?.transformToString('utf8')) ?? '';
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw new StorageError(`Cannot read the report s3://${bucket}/${key}`, 'retryable', { cause: error });
    }
    try {
      return JSON.parse(text) as MessageReport;
    } catch (error) {
      throw new StorageError(`The report s3://${bucket}/${key} is not JSON`, 'permanent', { cause: error });
    }
  }
}
