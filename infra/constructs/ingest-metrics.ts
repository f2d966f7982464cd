import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { INGEST_SERVICE_NAME, type METRIC, METRICS_NAMESPACE } from '../../functions/shared/metric-names';

/** The function's metric names, as the code emits them. */
export type IngestMetricName = (typeof METRIC)[keyof typeof METRIC];

/** How a metric is summed and labelled. */
export interface IngestMetricOptions {
  /** @default 5 minutes */
  readonly period?: Duration;
  /** A legend label for graphs; alarms leave it out so the alarm stays a plain metric alarm. */
  readonly label?: string;
}

/** A count the function emits (Powertools adds the `service` dimension to each one). */
export function ingestMetric(
  metricName: IngestMetricName,
  options: IngestMetricOptions = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: INGEST_SERVICE_NAME },
    statistic: cloudwatch.Stats.SUM,
    period: options.period ?? Duration.minutes(5),
    ...(options.label === undefined ? {} : { label: options.label }),
  });
}
