import '../shared/map-stack-traces';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsManagerTokenStore } from '../secrets/secrets-manager-store';
import { METRICS_NAMESPACE, TOKEN_KEEPER_SERVICE_NAME } from '../shared/metric-names';
import { createKeeperHandler } from './create-keeper-handler';
import { keeperSecretId } from './keeper-environment';

const logger = new Logger({ serviceName: TOKEN_KEEPER_SERVICE_NAME });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: TOKEN_KEEPER_SERVICE_NAME });
const secrets = new SecretsManagerClient({});

/** The Lambda entry the daily rule invokes: keeps an OIDC refresh token alive when no mail comes. */
export const handler = createKeeperHandler({
  logger,
  metrics,
  store: () => new SecretsManagerTokenStore(secrets, keeperSecretId(process.env)),
});
