import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { TokenSecretStore } from '../secrets/token-secret-store';
import { describeError } from '../shared/errors';
import { eventLogFrom } from '../shared/event-log';
import { KEEPER_METRIC } from '../shared/metric-names';
import { type KeeperResult, keepTokenAlive, TokenKeeperError } from './keep-token';

/** What the keeper's Lambda entry needs; `keeper-handler.ts` builds it for AWS, tests from local stand-ins. */
export interface KeeperHandlerOptions {
  /** The secret's store, made per run: a bad environment then fails the run, not the module's load. */
  readonly store: () => TokenSecretStore;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
}

/** What a run answers (the scheduled rule ignores it; it shows in test invocations). */
export type KeeperSummary = Exclude<KeeperResult, { status: 'failed' }>;

/**
 * The scheduled entry: refreshes the OIDC tokens, publishes `TokenRefreshFailures` (1 or 0) and
 * `RefreshTokenAgeDays`, and fails the run when the refresh failed, so Lambda retries it.
 */
export function createKeeperHandler(options: KeeperHandlerOptions) {
  const log = eventLogFrom(options.logger);
  const run = async (): Promise<KeeperSummary> => {
    let result: KeeperResult;
    try {
      result = await keepTokenAlive({
        store: options.store(),
        log,
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        ...(options.now === undefined ? {} : { now: options.now }),
      });
    } catch (error) {
      result = { status: 'failed', error };
    }
    const { metrics } = options;
    metrics.addMetric(KEEPER_METRIC.refreshFailures, MetricUnit.Count, result.status === 'failed' ? 1 : 0);
    if (result.status !== 'personal' && result.refreshTokenAgeDays !== undefined) {
      metrics.addMetric(KEEPER_METRIC.refreshTokenAgeDays, MetricUnit.Count, result.refreshTokenAgeDays);
    }
    if (result.status === 'failed') {
      const message = `The Clearfacts token could not be refreshed: ${describeError(result.error)}`;
      log.error('token not refreshed', {
        error: describeError(result.error),
        ...(result.refreshTokenAgeDays === undefined
          ? {}
          : { refreshTokenAgeDays: result.refreshTokenAgeDays }),
      });
      throw new TokenKeeperError(message, { cause: result.error });
    }
    if (result.status === 'personal') {
      log.info('personal access token: nothing to refresh');
      return result;
    }
    log.info('token refreshed', { ...result });
    return result;
  };
  return middy(run)
    .use(injectLambdaContext(options.logger, { resetKeys: true }))
    .use(logMetrics(options.metrics));
}
