import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { lazySesReplySender } from '../feedback/lazy-ses-reply-sender';
import { createDynamoDbLedger, createDynamoDbReplyLedger } from '../ledger/dynamodb-ledger';
import { LambdaPdfRenderer } from '../render/lambda-pdf-renderer';
import { S3ReportStore } from '../reports/s3-report-store';
import { S3MessageStore } from '../storage/s3-message-store';
import type { StorageAdapters } from './build-batch-deps';

/** The deployed resources the adapters point at: the function's environment, or the stack's outputs. */
export interface AwsResourceNames {
  readonly ledgerTable: string;
  readonly reportsPrefix: string;
  /** The body renderer function; absent: bodies are not rendered. */
  readonly renderFunctionName?: string;
  /** The address the stack lets replies go from; absent: senders are not answered. */
  readonly replyFrom?: string;
  /** The SES configuration set replies go through (the account's suppression list applies). */
  readonly replyConfigurationSet?: string;
}

/** The AWS adapters and a way to release their clients (the CLI does; the Lambda keeps them). */
export interface AwsAdapters extends StorageAdapters {
  destroy(): void;
}

/** S3, DynamoDB, SES and the render function, with the function's role or an admin's credentials. */
export function awsAdapters(names: AwsResourceNames, region?: string): AwsAdapters {
  const clientConfig = region === undefined ? {} : { region };
  const s3 = new S3Client(clientConfig);
  const dynamo = new DynamoDBClient(clientConfig);
  // SES and its sender load with the first reply (most invocations send none).
  const ses =
    names.replyFrom === undefined ? undefined : lazySesReplySender(clientConfig, names.replyConfigurationSet);
  return {
    messages: new S3MessageStore(s3),
    reports: new S3ReportStore(s3, names.reportsPrefix),
    ledger: createDynamoDbLedger(dynamo, names.ledgerTable),
    replyLedger: createDynamoDbReplyLedger(dynamo, names.ledgerTable),
    ...(ses === undefined || names.replyFrom === undefined
      ? {}
      : { replySender: ses, replyFrom: names.replyFrom }),
    // Chromium lives in its own function (infra/constructs/body-renderer.ts); this only invokes it.
    ...(names.renderFunctionName === undefined
      ? {}
      : { renderer: new LambdaPdfRenderer(names.renderFunctionName, region) }),
    destroy: () => {
      for (const client of [s3, dynamo, ses]) client?.destroy();
    },
  };
}
