import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DEFAULT_CLAIM_LEASE_MS } from '../ledger/delivery-ledger';
import { countBatchMetrics } from './batch-metrics';
import { InvocationDeadline } from './deadline';
import { type BatchDeps, processBatch, type QueueRecord } from './process-batch';
import { type RetryScheduler, scheduleRetries } from './retry-scheduler';

/** Lambda hosts' clocks agree to within milliseconds; a minute past the deadline is ample. */
const CLAIM_LEASE_MARGIN_MS = 60_000;

/** What the Lambda entry needs; `handler.ts` builds it from the environment, tests from local servers. */
export interface HandlerOptions {
  /** Builds the batch's ports (called per invocation, cheaply); the token is read when an upload asks. */
  readonly deps: () => BatchDeps;
  /** Delays the records that must come back (SQS `ChangeMessageVisibility` in Lambda). */
  readonly retries: RetryScheduler;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * Builds the middy-wrapped SQS handler with partial batch responses. The Clearfacts secret is not
 * part of the chain: the token store reads it when the first upload needs it (`deps`), so a secret
 * that cannot be read fails those uploads with a configuration error the report names, retried
 * and alarmed, instead of failing the invocation or the cold start.
 */
export function createHandler(options: HandlerOptions) {
  const processEvent = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    // No claim can outlive this invocation: once it is over, a retry may take over at once.
    const claimLeaseMs = Math.min(
      DEFAULT_CLAIM_LEASE_MS,
      context.getRemainingTimeInMillis() + CLAIM_LEASE_MARGIN_MS,
    );
    // Work stops while there is still time to report it (the message would otherwise time out silently).
    const deadline = new InvocationDeadline(() => context.getRemainingTimeInMillis());
    const deps = { ...options.deps(), claimLeaseMs, deadline };
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

  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(options.logger, { resetKeys: true }))
    .use(logMetrics(options.metrics))
    .handler(processEvent);
}
