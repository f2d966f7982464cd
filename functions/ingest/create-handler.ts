import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import middy from '@middy/core';
import secretsManager from '@middy/secrets-manager';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DEFAULT_CLAIM_LEASE_MS } from '../ledger/delivery-ledger';
import { countBatchMetrics } from './batch-metrics';
import { InvocationDeadline } from './deadline';
import { type BatchDeps, processBatch, type QueueRecord } from './process-batch';
import { type RetryScheduler, scheduleRetries } from './retry-scheduler';

/** Lambda hosts' clocks agree to within milliseconds; a minute past the deadline is ample. */
const CLAIM_LEASE_MARGIN_MS = 60_000;

/** The Lambda context once middy has put the secret in it. */
type IngestContext = Context & { clearfactsSecret?: unknown };

/** What the Lambda entry needs; `handler.ts` builds it from the environment, tests from local servers. */
export interface HandlerOptions {
  /** Name or ARN of the secret with the Clearfacts token. */
  readonly secretId: string;
  /** How long the secret is cached before it is fetched again (ms). */
  readonly secretCacheMs: number;
  /** Builds the batch's ports once the secret value is known (called per invocation, cheaply). */
  readonly deps: (secretValue: () => unknown) => BatchDeps;
  /** Delays the records that must come back (SQS `ChangeMessageVisibility` in Lambda). */
  readonly retries: RetryScheduler;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Options for the Secrets Manager client (endpoint, region), mostly for tests. */
  readonly secretsClientOptions?: SecretsManagerClientConfig;
}

/** Builds the middy-wrapped SQS handler with partial batch responses. */
export function createHandler(options: HandlerOptions) {
  const processEvent = async (event: SQSEvent, context: IngestContext): Promise<SQSBatchResponse> => {
    // No claim can outlive this invocation: once it is over, a retry may take over at once.
    const claimLeaseMs = Math.min(
      DEFAULT_CLAIM_LEASE_MS,
      context.getRemainingTimeInMillis() + CLAIM_LEASE_MARGIN_MS,
    );
    // Work stops while there is still time to report it (the message would otherwise time out silently).
    const deadline = new InvocationDeadline(() => context.getRemainingTimeInMillis());
    const deps = { ...options.deps(() => context.clearfactsSecret), claimLeaseMs, deadline };
    const records: QueueRecord[] = event.Records.map((record) => ({
      messageId: record.messageId,
      body: record.body,
      receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1,
      receiptHandle: record.receiptHandle,
    }));
    const results = await processBatch(records, deps);
    // Both are needed: the new visibility delays the retry, the batch item failure keeps the message.
    await scheduleRetries(records, results, options.retries, deps.log);
    for (const [name, value] of Object.entries(countBatchMetrics(results))) {
      options.metrics.addMetric(name, MetricUnit.Count, value);
    }
    return {
      batchItemFailures: results
        .filter((result) => result.status === 'retry')
        .map((result) => ({ itemIdentifier: result.recordId })),
    };
  };

  return middy<SQSEvent, SQSBatchResponse, Error, IngestContext>()
    .use(injectLambdaContext(options.logger, { resetKeys: true }))
    .use(logMetrics(options.metrics))
    .use(
      secretsManager({
        fetchData: { clearfactsSecret: options.secretId },
        setToContext: true,
        cacheExpiry: options.secretCacheMs,
        awsClientOptions: options.secretsClientOptions ?? {},
      }),
    )
    .handler(processEvent);
}
