import { join, resolve } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { BundlingOptions, NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  KEEPER_METRIC,
  METRICS_NAMESPACE,
  TOKEN_KEEPER_SERVICE_NAME,
} from '../../functions/shared/metric-names';
import { FUNCTION_ENV } from '../../functions/shared/stack-contract';
import type { ClearfactsSecret } from './clearfacts-secret';
import { createProjectFunction, PROJECT_BUNDLING } from './project-function';

/**
 * How often the keeper refreshes. A refresh token dies after 30 days unused (clearfacts-api.md);
 * daily leaves four weeks of failed runs before that, each one alarmed.
 */
export const TOKEN_KEEPER_SCHEDULE = Duration.days(1);

/** The refresh token's age that alarms: five days before Clearfacts refuses it at 30. */
export const REFRESH_TOKEN_AGE_ALARM_DAYS = 25;

/**
 * A run reads the secret, makes one token request (15 s limit, never repeated: the refresh token
 * rotates), may wait 2 s to look again after a refusal, and writes twice: a minute is ample.
 */
export const TOKEN_KEEPER_TIMEOUT = Duration.minutes(1);

/** The keeper holds one token pair and an SDK client; the smallest useful size. */
export const TOKEN_KEEPER_MEMORY_MB = 256;

/** How the keeper is bundled: the project's settings, with the SDK version the tests ran the store with. */
export const TOKEN_KEEPER_BUNDLING: BundlingOptions = { ...PROJECT_BUNDLING, bundleAwsSDK: true };

/** Options for the token keeper. */
export interface TokenKeeperProps {
  /** How long the function's logs are kept. @default three months */
  readonly logRetention?: logs.RetentionDays;
  /** The repository root (entry, lock file, node_modules). @default two levels above this file */
  readonly projectRoot?: string;
}

/**
 * A small function a daily rule runs, so an OpenID Connect login stays alive when no mail comes:
 * it refreshes the tokens with the ingest function's refresher and compare-and-swap
 * (functions/keeper/), leaves a personal access token alone, and publishes `TokenRefreshFailures`
 * and `RefreshTokenAgeDays`, which its two alarms watch.
 */
export class TokenKeeper extends Construct {
  public readonly function: NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;
  public readonly schedule: events.Rule;
  /** Every attempt of a day failed: the refresh token is not being renewed. */
  public readonly refreshFailed: cloudwatch.Alarm;
  /** The stored refresh token is older than `REFRESH_TOKEN_AGE_ALARM_DAYS`. */
  public readonly refreshTokenOld: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: TokenKeeperProps = {}) {
    super(scope, id);
    const projectRoot = props.projectRoot ?? resolve(__dirname, '..', '..');
    const created = createProjectFunction(this, {
      projectRoot,
      entry: join('keeper', 'keeper-handler.ts'),
      description:
        'Refreshes the Clearfacts OpenID Connect tokens daily, so they outlive a month without mail',
      roleDescription: 'Runs the Clearfacts token keeper',
      memorySize: TOKEN_KEEPER_MEMORY_MB,
      timeout: TOKEN_KEEPER_TIMEOUT,
      ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
      environment: {
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_SERVICE_NAME: TOKEN_KEEPER_SERVICE_NAME,
      },
      bundling: TOKEN_KEEPER_BUNDLING,
      runtimeReason:
        'The project builds and tests for Node.js 22 (bundle target node22); a newer runtime is a deliberate upgrade.',
    });
    this.function = created.function;
    this.role = created.role;
    this.logGroup = created.logGroup;

    this.schedule = new events.Rule(this, 'Schedule', {
      description: 'Runs the Clearfacts token keeper once a day',
      schedule: events.Schedule.rate(TOKEN_KEEPER_SCHEDULE),
      targets: [new targets.LambdaFunction(this.function)],
    });

    const prefix = Stack.of(this).stackName;
    const daily = (metricName: string, statistic: string): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: TOKEN_KEEPER_SERVICE_NAME },
        statistic,
        period: TOKEN_KEEPER_SCHEDULE,
      });
    // Lambda retries a failed run twice: a run that failed once and then succeeded has a 0 among its
    // counts, so the day's minimum stays 0. Only a day of failures alarms.
    this.refreshFailed = new cloudwatch.Alarm(this, 'RefreshFailed', {
      alarmName: `${prefix}-token-refresh-failed`,
      alarmDescription:
        'The token keeper could not refresh the Clearfacts OpenID Connect tokens today. Read its logs; if Clearfacts refused the refresh token, sign in again: npm run cli -- token login.',
      metric: daily(KEEPER_METRIC.refreshFailures, cloudwatch.Stats.MINIMUM),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.refreshTokenOld = new cloudwatch.Alarm(this, 'RefreshTokenOld', {
      alarmName: `${prefix}-refresh-token-old`,
      alarmDescription: `The stored Clearfacts refresh token is over ${REFRESH_TOKEN_AGE_ALARM_DAYS} days old; Clearfacts refuses it at 30. Sign in again: npm run cli -- token login.`,
      metric: daily(KEEPER_METRIC.refreshTokenAgeDays, cloudwatch.Stats.MAXIMUM),
      threshold: REFRESH_TOKEN_AGE_ALARM_DAYS,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * Lets the keeper read the Clearfacts secret and store refreshed tokens in it, exactly as the ingest
   * function may, and tells it which secret.
   */
  useSecret(secret: ClearfactsSecret): void {
    secret.grantRead(this.function);
    secret.grantStoreRefreshedTokens(this.function);
    this.function.addEnvironment(FUNCTION_ENV.secretId, secret.secretId);
  }

  /** The keeper's two alarms. */
  alarms(): cloudwatch.Alarm[] {
    return [this.refreshFailed, this.refreshTokenOld];
  }
}
