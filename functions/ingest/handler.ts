import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ClearfactsClient } from '../clearfacts/clearfacts-client';
import { TokenRefresher } from '../clearfacts/oidc/token-refresher';
import { loadConfigFile } from '../config/load-config';
import { feedbackDeps } from '../feedback/feedback-deps';
import { SesReplySender } from '../feedback/ses-reply-sender';
import { createDynamoDbLedger, createDynamoDbReplyLedger } from '../ledger/dynamodb-ledger';
import { LambdaPdfRenderer } from '../render/lambda-pdf-renderer';
import { S3ReportStore } from '../reports/s3-report-store';
import { MailboxRouter } from '../routing/route-recipients';
import { SecretsManagerTokenStore } from '../secrets/secrets-manager-store';
import { eventLogFrom } from '../shared/event-log';
import { INGEST_SERVICE_NAME, METRICS_NAMESPACE } from '../shared/metric-names';
import { S3MessageStore } from '../storage/s3-message-store';
import { createHandler } from './create-handler';
import { readEnvironment } from './environment';
import { SqsRetryScheduler } from './retry-scheduler';

// Everything here runs once per cold start: a bad environment or config fails loudly at once.
const environment = readEnvironment();
const config = loadConfigFile(environment.configFile);
const router = new MailboxRouter(config);
const s3 = new S3Client({});
const messages = new S3MessageStore(s3);
const reports = new S3ReportStore(s3, environment.reportsPrefix);
const dynamo = new DynamoDBClient({});
const ledger = createDynamoDbLedger(dynamo, environment.ledgerTable);
// Senders are answered only where the stack granted SES sending from one address (`REPLY_FROM`).
const feedback =
  environment.replyFrom === undefined
    ? undefined
    : feedbackDeps(
        { ...config, replyFrom: environment.replyFrom },
        {
          sender: new SesReplySender(new SESv2Client({})),
          replies: createDynamoDbReplyLedger(dynamo, environment.ledgerTable),
        },
      );
const retries = new SqsRetryScheduler(new SQSClient({}), environment.queueUrl);
// Chromium lives in its own function (infra/constructs/body-renderer.ts); this one only invokes it.
const renderer =
  environment.renderFunctionName === undefined
    ? undefined
    : new LambdaPdfRenderer(environment.renderFunctionName);
const logger = new Logger({ serviceName: INGEST_SERVICE_NAME });
const log = eventLogFrom(logger);
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: INGEST_SERVICE_NAME });
// A personal access token is used as is; OIDC credentials are refreshed and written back to the secret.
const tokens = new TokenRefresher({
  store: new SecretsManagerTokenStore(new SecretsManagerClient({}), environment.secretId),
  log,
});

/** The Lambda entry: SQS batches of SES notifications in, partial batch failures out. */
export const handler = createHandler({
  secretId: environment.secretId,
  secretCacheMs: environment.secretCacheMs,
  logger,
  metrics,
  retries,
  deps: (secretValue) => ({
    router,
    messages,
    reports,
    ledger,
    log,
    now: () => new Date(),
    ...(renderer === undefined ? {} : { renderer }),
    ...(feedback === undefined ? {} : { feedback }),
    uploader: new ClearfactsClient({
      apiUrl: environment.apiUrlOverride ?? config.clearfacts.apiUrl,
      token: () => tokens.bearerToken(secretValue()),
    }),
  }),
});
