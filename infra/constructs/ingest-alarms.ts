import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC } from '../../functions/shared/metric-names';
import { ingestMetric } from './ingest-metrics';

/** Normal processing takes seconds; a message waiting this long means delivery is stuck. */
export const OLDEST_MESSAGE_ALARM_AGE = Duration.hours(1);

/** Options for the pipeline's alarms. */
export interface IngestAlarmsProps {
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  readonly function: lambda.IFunction;
  /** Subscribed to the alarm topic by email. @default no subscription */
  readonly alarmEmail?: string;
}

/** An alarm topic (optionally mailed to an admin) and the alarms that mean "an admin must look". */
export class IngestAlarms extends Construct {
  public readonly topic: sns.Topic;
  public readonly deadLetterQueueNotEmpty: cloudwatch.Alarm;
  public readonly functionErrors: cloudwatch.Alarm;
  public readonly oldestMessageTooOld: cloudwatch.Alarm;
  public readonly clearfactsAuthFailures: cloudwatch.Alarm;
  public readonly bodyRendersFailed: cloudwatch.Alarm;
  private readonly action: actions.SnsAction;
  private readonly added: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: IngestAlarmsProps) {
    super(scope, id);
    this.topic = this.createTopic();
    if (props.alarmEmail !== undefined) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }
    const prefix = Stack.of(this).stackName;

    this.deadLetterQueueNotEmpty = new cloudwatch.Alarm(this, 'DeadLetterQueueNotEmpty', {
      alarmName: `${prefix}-dead-letter-queue-not-empty`,
      alarmDescription:
        'A message failed too often and moved to the dead-letter queue. Read its report and the logs, fix the cause, then redrive it.',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // Records that fail are reported, not thrown: Errors means runs that crashed or timed out.
    this.functionErrors = new cloudwatch.Alarm(this, 'FunctionErrors', {
      alarmName: `${prefix}-function-errors`,
      alarmDescription: 'The ingest function keeps failing (crash, timeout or out of memory). See its logs.',
      metric: props.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // Two bad five-minute periods out of three: persistent, not a one-off.
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.oldestMessageTooOld = new cloudwatch.Alarm(this, 'OldestMessageTooOld', {
      alarmName: `${prefix}-oldest-message-too-old`,
      alarmDescription:
        'Mail has waited over an hour to be delivered: Clearfacts may be down, or the function cannot keep up.',
      metric: props.queue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: OLDEST_MESSAGE_ALARM_AGE.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.clearfactsAuthFailures = new cloudwatch.Alarm(this, 'ClearfactsAuthFailures', {
      alarmName: `${prefix}-clearfacts-auth-failures`,
      alarmDescription:
        'Clearfacts refused the token, or the secret holds none. Put a valid token in the secret; held mail is retried.',
      metric: ingestMetric(METRIC.authFailures),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // Counted on the last attempt only: earlier ones are retried and show among the retries.
    this.bodyRendersFailed = new cloudwatch.Alarm(this, 'BodyRendersFailed', {
      alarmName: `${prefix}-body-renders-failed`,
      alarmDescription:
        'A mail body that should have become a PDF could not be rendered, and the message finished as failed. Its report says why; the raw mail is kept for a replay.',
      metric: ingestMetric(METRIC.bodyRendersFailed),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.action = new actions.SnsAction(this.topic);
    for (const alarm of this.all()) {
      alarm.addAlarmAction(this.action);
      alarm.addOkAction(this.action);
    }
  }

  /** Sends other constructs' alarms (the token keeper's) to the same topic and lists them in `all`. */
  add(...alarms: cloudwatch.Alarm[]): void {
    for (const alarm of alarms) {
      alarm.addAlarmAction(this.action);
      alarm.addOkAction(this.action);
      this.added.push(alarm);
    }
  }

  /** Every alarm, for the dashboard's status row. */
  all(): cloudwatch.Alarm[] {
    return [
      this.deadLetterQueueNotEmpty,
      this.functionErrors,
      this.oldestMessageTooOld,
      this.clearfactsAuthFailures,
      this.bodyRendersFailed,
      ...this.added,
    ];
  }

  /**
   * Encrypted with a customer managed key CloudWatch may use (it cannot use `alias/aws/sns`), and a
   * topic policy that lets this account's alarms publish: the policy enforceSSL creates replaces
   * the default one.
   */
  private createTopic(): sns.Topic {
    const stack = Stack.of(this);
    const key = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the mail ingest alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // CloudWatch's documented key statement; who may publish is narrowed by the topic policy below.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublishEncrypted',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    const topic = new sns.Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowThisAccountsAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    return topic;
  }
}
