import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC } from '../../functions/shared/metric-names';
import { ingestMetric } from './ingest-metrics';

/** What the dashboard shows. */
export interface IngestDashboardProps {
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  readonly function: lambda.IFunction;
  /** The alarms, shown as a status row on top. */
  readonly alarms: readonly cloudwatch.IAlarm[];
}

/** One page answering "is mail flowing?": counts, queue health and the function's behaviour. */
export class IngestDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: IngestDashboardProps) {
    super(scope, id);
    const counts = [
      ingestMetric(METRIC.messagesReceived, { label: 'Messages received', period: Duration.hours(1) }),
      ingestMetric(METRIC.documentsUploaded, { label: 'Documents uploaded', period: Duration.hours(1) }),
      ingestMetric(METRIC.documentsSkipped, { label: 'Documents skipped', period: Duration.hours(1) }),
      ingestMetric(METRIC.documentsFailed, { label: 'Documents failed', period: Duration.hours(1) }),
    ];
    const fiveMinutes = Duration.minutes(5);
    // Mail that reached no one (held, refused), documents that may be doubles, bodies not rendered.
    const attention = [
      ingestMetric(METRIC.messagesQuarantined, { label: 'Messages quarantined', period: Duration.hours(1) }),
      ingestMetric(METRIC.messagesRejected, { label: 'Messages rejected', period: Duration.hours(1) }),
      ingestMetric(METRIC.documentsPossiblyRepeated, {
        label: 'Documents possibly repeated',
        period: Duration.hours(1),
      }),
      ingestMetric(METRIC.bodyRendersFailed, { label: 'Body renders failed', period: Duration.hours(1) }),
    ];

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: Stack.of(this).stackName,
      defaultInterval: Duration.days(7),
      widgets: [
        [
          new cloudwatch.AlarmStatusWidget({
            title: 'Alarms',
            alarms: [...props.alarms],
            width: 24,
            height: 3,
          }),
        ],
        [
          new cloudwatch.SingleValueWidget({
            title: 'Totals over the selected period',
            metrics: counts,
            setPeriodToTimeRange: true,
            width: 24,
            height: 4,
          }),
        ],
        [
          new cloudwatch.SingleValueWidget({
            title: 'Needing a look, over the selected period',
            metrics: attention,
            setPeriodToTimeRange: true,
            width: 12,
            height: 6,
          }),
          new cloudwatch.GraphWidget({
            title: 'Quarantined, rejected, possibly repeated, renders failed (per hour)',
            left: attention,
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Received, uploaded, skipped, failed (per hour)',
            left: counts,
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Retries and Clearfacts auth failures',
            left: [
              ingestMetric(METRIC.messagesRetried, { label: 'Messages handed back for retry' }),
              ingestMetric(METRIC.authFailures, { label: 'Clearfacts auth failures' }),
            ],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Queue',
            left: [
              props.queue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, label: 'Waiting' }),
              props.queue.metricApproximateNumberOfMessagesNotVisible({
                period: fiveMinutes,
                label: 'In flight or delayed',
              }),
              props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
                period: fiveMinutes,
                label: 'Dead letters',
              }),
            ],
            right: [
              props.queue.metricApproximateAgeOfOldestMessage({
                period: fiveMinutes,
                label: 'Oldest message (s)',
              }),
            ],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Function',
            left: [
              props.function.metricInvocations({ period: fiveMinutes }),
              props.function.metricErrors({ period: fiveMinutes }),
              props.function.metricThrottles({ period: fiveMinutes }),
            ],
            right: [
              props.function.metricDuration({ period: fiveMinutes, statistic: cloudwatch.Stats.MAXIMUM }),
            ],
            width: 12,
          }),
        ],
      ],
    });
  }
}
