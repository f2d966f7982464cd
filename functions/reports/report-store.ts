import type { MessageReport } from './message-report';

/** Where reports are kept: beside the raw mail (S3 in AWS, s3rver locally). */
export interface ReportStore {
  /** Saves (or replaces) the message's report and returns where it is. */
  saveReport(report: MessageReport, bucket: string): Promise<string>;
  /** Reads the message's last report, if there is one (a replay takes the recipients from it). */
  loadReport(messageId: string, bucket: string): Promise<MessageReport | undefined>;
}
