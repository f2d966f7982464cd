import { Match, type Template } from 'aws-cdk-lib/assertions';
import { KEEPER_METRIC, METRICS_NAMESPACE } from '../../functions/shared/metric-names';
import { REFRESH_TOKEN_AGE_ALARM_DAYS } from '../../infra/constructs/token-keeper';
import { logicalIdOf, type SynthesizedStack, synthStack, withDeployment } from './synth-stack';

const DAY_SECONDS = 24 * 60 * 60;

describe('the token keeper', () => {
  let synthesized: SynthesizedStack;
  let template: Template;
  let keeper: string;
  let alarmTopic: { Ref: string };
  beforeAll(() => {
    // OpenID Connect credentials: the only kind the keeper refreshes and writes back.
    synthesized = synthStack(withDeployment({ clearfactsAuth: 'oidc' }));
    template = synthesized.template;
    keeper = logicalIdOf(synthesized.stack.tokenKeeper.function);
    alarmTopic = { Ref: logicalIdOf(synthesized.stack.alarms.topic) };
  });

  it('is a function of its own, on Node.js 22, told the secret and its metrics’ service', () => {
    const resource = template.findResources('AWS::Lambda::Function')[keeper];
    expect(resource?.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 256,
      Timeout: 60,
      Description: expect.stringMatching(/^Refreshes the Clearfacts OpenID Connect tokens daily/),
      Environment: {
        Variables: {
          CLEARFACTS_SECRET_ID: { Ref: logicalIdOf(synthesized.stack.secret.secret) },
          POWERTOOLS_SERVICE_NAME: 'clearfacts-token-keeper',
          POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        },
      },
    });
    // Its stacks are mapped when formatted (functions/shared/lazy-source-maps.ts), not by Node at start.
    expect(resource?.Properties.Environment.Variables).not.toHaveProperty('NODE_OPTIONS');
  });

  it('runs once a day, started by a scheduled rule that targets it', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [keeper, 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [keeper, 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: {
        'Fn::GetAtt': [logicalIdOf(synthesized.stack.tokenKeeper.schedule), 'Arn'],
      },
    });
  });

  it('may read the secret and store refreshed tokens in it, as the ingest function may, and nothing else', () => {
    const secret = { Ref: logicalIdOf(synthesized.stack.secret.secret) };
    const role = logicalIdOf(synthesized.stack.tokenKeeper.role);
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: role }] },
    });
    const statements = Object.values(policies).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Record<string, unknown>[],
    );
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: [
            'secretsmanager:GetSecretValue',
            'secretsmanager:PutSecretValue',
            'secretsmanager:UpdateSecretVersionStage',
          ],
          Resource: secret,
        }),
      ]),
    );
    // Its own logs and the secret: no bucket, queue, table or other secret.
    const logs = { 'Fn::GetAtt': [logicalIdOf(synthesized.stack.tokenKeeper.logGroup), 'Arn'] };
    for (const statement of statements) expect([logs, secret]).toContainEqual(statement.Resource);
  });

  it('alarms when every refresh of a day failed', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'TestStack-token-refresh-failed',
      Namespace: METRICS_NAMESPACE,
      MetricName: KEEPER_METRIC.refreshFailures,
      Dimensions: [{ Name: 'service', Value: 'clearfacts-token-keeper' }],
      Statistic: 'Minimum',
      Period: DAY_SECONDS,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [alarmTopic],
      OKActions: [alarmTopic],
    });
  });

  it('alarms when the stored refresh token is over 25 days old', () => {
    expect(REFRESH_TOKEN_AGE_ALARM_DAYS).toBe(25);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'TestStack-refresh-token-old',
      Namespace: METRICS_NAMESPACE,
      MetricName: KEEPER_METRIC.refreshTokenAgeDays,
      Dimensions: [{ Name: 'service', Value: 'clearfacts-token-keeper' }],
      Statistic: 'Maximum',
      Period: DAY_SECONDS,
      Threshold: 25,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [alarmTopic],
      OKActions: [alarmTopic],
    });
  });

  it('puts both alarms on the dashboard’s status row', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const alarm of synthesized.stack.tokenKeeper.alarms()) {
      expect(body).toContain(JSON.stringify({ 'Fn::GetAtt': [logicalIdOf(alarm), 'Arn'] }));
    }
  });
});
