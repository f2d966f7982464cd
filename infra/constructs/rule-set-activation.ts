import { resolve } from 'node:path';
import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { createProjectFunction } from './project-function';

/** A handful of SES calls; a minute leaves room for the SDK's retries. */
const ACTIVATION_TIMEOUT = Duration.minutes(1);

/** The function only makes API calls: the smallest useful size. */
const ACTIVATION_MEMORY_MB = 256;

/** The SES receipt calls the function makes (functions/rule-set/): read what is active, then change only ours. */
const SES_RECEIPT_ACTIONS = [
  'ses:DescribeActiveReceiptRuleSet',
  'ses:DescribeReceiptRuleSet',
  'ses:SetActiveReceiptRuleSet',
  'ses:CreateReceiptRule',
  'ses:UpdateReceiptRule',
  'ses:SetReceiptRulePosition',
  'ses:DeleteReceiptRule',
];

/** Options for the provider. */
export interface RuleSetProviderProps {
  /** How long the function's and the framework's logs are kept. @default one month */
  readonly logRetention?: logs.RetentionDays;
  /** The repository root (entry, lock file, tsconfig). @default two levels above this file */
  readonly projectRoot?: string;
}

/**
 * The custom resource provider for receipt rule sets: a small function (functions/rule-set/handler.ts)
 * behind a CDK `Provider`, which looks at what SES has active before it changes anything. Not a generic
 * SDK call: those act blindly, and SES has one active rule set per account and region.
 */
export class RuleSetProvider extends Construct {
  public readonly provider: cr.Provider;

  constructor(scope: Construct, id: string, props: RuleSetProviderProps = {}) {
    super(scope, id);
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const created = createProjectFunction(this, {
      projectRoot: props.projectRoot ?? resolve(__dirname, '..', '..'),
      entry: 'rule-set/handler.ts',
      description: 'Activates, joins or releases the SES receipt rule set of the mail ingest stack',
      roleDescription: 'Changes SES receiving only where the mail ingest stack owns it',
      memorySize: ACTIVATION_MEMORY_MB,
      timeout: ACTIVATION_TIMEOUT,
      logRetention,
      bundling: { bundleAwsSDK: true },
      runtimeReason:
        'The project builds and tests for Node.js 22 (bundle target node22); a newer runtime is a deliberate upgrade.',
    });
    created.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: SES_RECEIPT_ACTIONS, resources: ['*'] }),
    );
    Validations.of(created.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'SES receipt rule and rule set actions have no resource type in IAM: they can only be granted on "*".',
    });

    // The framework's function gets our role and log group too: no AWS managed policy, logs kept.
    const frameworkLogs = new logs.LogGroup(this, 'FrameworkLogs', {
      retention: logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const frameworkRole = new iam.Role(this, 'FrameworkRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the CDK custom resource framework for the receipt rule set',
    });
    frameworkLogs.grantWrite(frameworkRole);
    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: created.function,
      frameworkOnEventRole: frameworkRole,
      logGroup: frameworkLogs,
    });
    const onEvent = Stack.of(this).getLogicalId(created.function.node.defaultChild as CfnElement);
    Validations.of(frameworkRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${onEvent}.Arn>:*]`,
      reason:
        'CDK grants the framework lambda:InvokeFunction on the onEvent function and its versions (":*").',
    });
  }
}
