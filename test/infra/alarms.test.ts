import { Match, type Template } from 'aws-cdk-lib/assertions';
import { METRIC, METRICS_NAMESPACE } from '../../functions/shared/metric-names';
import { logicalIdOf, type SynthesizedStack, synthStack, withDeployment } from './synth-stack';

describe('alarms and dashboard', () => {
  let synthesized: SynthesizedStack;
  let template: Template;
  let alarmTopic: { Ref: string };
  beforeAll(() => {
    synthesized = synthStack();
    template = synthesized.template;
    alarmTopic = { Ref: logicalIdOf(synthesized.stack.alarms.topic) };
  });

  function expectAlarm(properties: Record<string, unknown>): void {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [alarmTopic],
      OKActions: [alarmTopic],
      ...properties,
    });
  }

  it('alarms as soon as a message reaches the DLQ', () => {
    expectAlarm({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: {
            'Fn::GetAtt': [logicalIdOf(synthesized.stack.notifications.deadLetterQueue), 'QueueName'],
          },
        },
      ],
      Threshold: 1,
      EvaluationPeriods: 1,
    });
  });

  it('alarms when the function keeps erroring', () => {
    expectAlarm({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalIdOf(synthesized.stack.ingest.function) } }],
      Statistic: 'Sum',
      Threshold: 1,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
    });
  });

  it('alarms when the oldest queued message is an hour old', () => {
    expectAlarm({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [logicalIdOf(synthesized.stack.notifications.queue), 'QueueName'] },
        },
      ],
      Threshold: 3600,
    });
  });

  it('alarms on the first Clearfacts authentication failure the function reports', () => {
    expectAlarm({
      Namespace: METRICS_NAMESPACE,
      MetricName: METRIC.authFailures,
      // Powertools adds the service dimension to every metric: without it the alarm would watch nothing.
      Dimensions: [{ Name: 'service', Value: 'clearfacts-mail-ingest' }],
      Statistic: 'Sum',
      Threshold: 1,
      EvaluationPeriods: 1,
    });
  });

  it('alarms on the first mail body that could not be rendered to PDF', () => {
    expectAlarm({
      AlarmName: 'TestStack-body-renders-failed',
      Namespace: METRICS_NAMESPACE,
      MetricName: METRIC.bodyRendersFailed,
      Dimensions: [{ Name: 'service', Value: 'clearfacts-mail-ingest' }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      EvaluationPeriods: 1,
    });
  });

  it('sends alarms to an encrypted topic CloudWatch can publish to, mailed to the configured address', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmsTopicKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: 'Encrypts the mail ingest alarm topic',
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [alarmTopic],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: {
              StringEquals: { 'aws:SourceAccount': '111122223333' },
              ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:*' },
            },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'it@example.be',
      TopicArn: alarmTopic,
    });
  });

  it('shows received, uploaded, skipped and failed counts on the dashboard', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const name of [
      METRIC.messagesReceived,
      METRIC.documentsUploaded,
      METRIC.documentsSkipped,
      METRIC.documentsFailed,
    ]) {
      expect(body).toContain(
        `\\"${METRICS_NAMESPACE}\\",\\"${name}\\",\\"service\\",\\"clearfacts-mail-ingest\\"`,
      );
    }
  });

  it('shows quarantined, rejected, possibly repeated documents and failed renders on the dashboard', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const [name, label] of [
      [METRIC.messagesQuarantined, 'Messages quarantined'],
      [METRIC.messagesRejected, 'Messages rejected'],
      [METRIC.documentsPossiblyRepeated, 'Documents possibly repeated'],
      [METRIC.bodyRendersFailed, 'Body renders failed'],
    ]) {
      expect(body).toContain(
        `\\"${METRICS_NAMESPACE}\\",\\"${name}\\",\\"service\\",\\"clearfacts-mail-ingest\\",{\\"label\\":\\"${label}\\"`,
      );
    }
    // The alarm is on the dashboard's status row too.
    expect(body).toContain(
      JSON.stringify({ 'Fn::GetAtt': [logicalIdOf(synthesized.stack.alarms.bodyRendersFailed), 'Arn'] }),
    );
  });
});

describe('alarms without an alarm email', () => {
  it('creates the topic but subscribes no one', () => {
    const { template } = synthStack(withDeployment({ alarmEmail: undefined }));
    template.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email' }, 0);
  });
});
