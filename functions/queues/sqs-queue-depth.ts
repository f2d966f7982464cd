import { type CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { StorageError } from '../shared/errors';
import type { QueueDepth } from './queue-depth';

/** SQS publishes its metrics every minute; the last 15 minutes always hold a recent point. */
const METRIC_LOOKBACK_MS = 15 * 60 * 1000;

/**
 * Reads a queue's depth (SQS attributes) and the age of its oldest message (CloudWatch's
 * `ApproximateAgeOfOldestMessage`: SQS itself does not tell without receiving, which a read-only
 * status must not do).
 */
export async function sqsQueueDepth(
  sqs: SQSClient,
  cloudwatch: CloudWatchClient,
  queueUrl: string,
  now: Date,
): Promise<QueueDepth> {
  const name = queueUrl.split('/').pop() ?? queueUrl;
  let attributes: Record<string, string>;
  try {
    const result = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    attributes = result.Attributes ?? {};
  } catch (error) {
    throw new StorageError(`Cannot read the queue ${name}`, 'retryable', { cause: error });
  }
  const oldestAgeSeconds = await oldestAge(cloudwatch, name, now);
  return {
    name,
    waiting: Number(attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
    ...(oldestAgeSeconds === undefined ? {} : { oldestAgeSeconds }),
  };
}

/** The latest `ApproximateAgeOfOldestMessage`, or `undefined` when CloudWatch has none (or refuses). */
async function oldestAge(
  cloudwatch: CloudWatchClient,
  queueName: string,
  now: Date,
): Promise<number | undefined> {
  try {
    const result = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(now.getTime() - METRIC_LOOKBACK_MS),
        EndTime: now,
        ScanBy: 'TimestampDescending',
        MetricDataQueries: [
          {
            Id: 'oldest',
            MetricStat: {
              Metric: {
                Namespace: 'AWS/SQS',
                MetricName: 'ApproximateAgeOfOldestMessage',
                Dimensions: [{ Name: 'QueueName', Value: queueName }],
              },
              Period: 60,
              Stat: 'Maximum',
            },
          },
        ],
      }),
    );
    return result.MetricDataResults?.[0]?.Values?.[0];
  } catch {
    // The age is a nicety; the depth alone still answers "is anything stuck?".
    return undefined;
  }
}
