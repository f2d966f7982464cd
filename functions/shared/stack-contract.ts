/**
 * What the stack promises the code that runs against it: the names of its outputs (read by the
 * operator CLI) and of the ingest function's environment variables (read by `environment.ts`).
 * Defined once here and imported by the stack, the constructs, the function and the CLI, so a
 * rename cannot leave one side behind. No imports: the Lambda bundle and the CDK app both load it.
 */

/** The stack `cdk deploy` creates (infra/app.ts); `ClearfactsMailIngest-<stage>` with `-c stage=…`. */
export const DEFAULT_STACK_NAME = 'ClearfactsMailIngest';

/** The stack's output keys (top-level `CfnOutput` ids, so CloudFormation keeps them unhashed). */
export const STACK_OUTPUT = {
  /** The mail bucket: raw mail and reports. */
  bucket: 'MailBucketName',
  /** The secret holding the Clearfacts token. */
  secret: 'ClearfactsSecretName',
  receiptRuleSet: 'ReceiptRuleSetName',
  /** The ingest queue's URL. */
  queue: 'QueueUrl',
  /** The dead-letter queue's URL. */
  deadLetterQueue: 'DeadLetterQueueUrl',
  /** The delivery ledger's table. */
  ledgerTable: 'LedgerTableName',
  /** Where reports are kept in the bucket. */
  reportsPrefix: 'ReportsPrefix',
  /** The function that renders mail bodies to PDF. */
  renderFunction: 'RenderFunctionName',
  /** The address replies to senders come from; absent when no mailbox answers senders. */
  replyFrom: 'ReplyFromAddress',
  /** The SES configuration set replies go through (account suppression list); absent with replyFrom. */
  replyConfigurationSet: 'ReplyConfigurationSetName',
  functionLogGroup: 'FunctionLogGroup',
  alarmTopic: 'AlarmTopicArn',
  dashboard: 'DashboardName',
} as const;

/** A stack output the code reads. */
export type StackOutputName = keyof typeof STACK_OUTPUT;

/** The ingest function's environment variables, as the constructs set them. */
export const FUNCTION_ENV = {
  /** Name or ARN of the Secrets Manager secret holding the Clearfacts token. */
  secretId: 'CLEARFACTS_SECRET_ID',
  /** The admin's config file (default: `ingest-config.json` beside the code). */
  configFile: 'INGEST_CONFIG_FILE',
  /** Replaces the config's Clearfacts endpoint. */
  apiUrl: 'CLEARFACTS_API_URL',
  ledgerTable: 'LEDGER_TABLE',
  queueUrl: 'QUEUE_URL',
  reportsPrefix: 'REPORTS_PREFIX',
  secretCacheMs: 'SECRET_CACHE_MS',
  renderFunction: 'RENDER_FUNCTION_NAME',
  replyFrom: 'REPLY_FROM',
  replyConfigurationSet: 'REPLY_CONFIGURATION_SET',
} as const;
