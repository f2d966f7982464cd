import '../shared/map-stack-traces';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { TokenRefresher } from '../clearfacts/oidc/token-refresher';
import { readFunctionConfig } from '../config/function-config';
import { CachedSecret } from '../secrets/cached-secret';
import { SecretsManagerTokenStore } from '../secrets/secrets-manager-store';
import { eventLogFrom } from '../shared/event-log';
import { INGEST_SERVICE_NAME, METRICS_NAMESPACE } from '../shared/metric-names';
import { awsAdapters } from './aws-adapters';
import { buildBatchDeps } from './build-batch-deps';
import { createHandler } from './create-handler';
import { readEnvironment } from './environment';
import { SqsRetryScheduler } from './retry-scheduler';

// Everything here runs once per cold start: a bad environment or config fails loudly at once.
const environment = readEnvironment();
// Validated and normalised at synth (infra/function-config-file.ts): read, not parsed again.
const config = readFunctionConfig(environment.configFile);
// Senders are answered only where the stack granted SES sending from one address (`REPLY_FROM`).
const storage = awsAdapters(environment);
const retries = new SqsRetryScheduler(new SQSClient({}), environment.queueUrl);
const logger = new Logger({ serviceName: INGEST_SERVICE_NAME });
const log = eventLogFrom(logger);
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: INGEST_SERVICE_NAME });
// The token store is the one reader and writer of the secret, and reads nothing until an upload
// asks. A personal access token is used as is; OIDC credentials are refreshed and written back.
const store = new SecretsManagerTokenStore(new SecretsManagerClient({}), environment.secretId);
const secret = new CachedSecret(store, environment.secretCacheMs);
const tokens = new TokenRefresher({ store, log });

/** The Lambda entry: SQS batches of SES notifications in, partial batch failures out. */
export const handler = createHandler({
  logger,
  metrics,
  retries,
  deps: () =>
    buildBatchDeps({
      ...storage,
      config,
      log,
      clearfacts: {
        ...(environment.apiUrlOverride === undefined ? {} : { apiUrl: environment.apiUrlOverride }),
        token: async () => tokens.bearerToken(await secret.value()),
      },
    }),
});
