import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** Options for activating a receipt rule set. */
export interface RuleSetActivationProps {
  /** The rule set to make active. */
  readonly ruleSetName: string;
  /** How long the provider's logs are kept. @default one month */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Makes a receipt rule set the active one (CloudFormation cannot): SetActiveReceiptRuleSet on
 * create and update, and the same call without a name on delete, which deactivates receiving so
 * the rule set can be deleted. SES has one active rule set per account and region: activating
 * this one deactivates whatever was active before.
 */
export class RuleSetActivation extends Construct {
  public readonly resource: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: RuleSetActivationProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role, so the provider gets log access to its group only (no AWS managed policy).
    const role = new iam.Role(this, 'ProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs SetActiveReceiptRuleSet for the mail ingest stack',
    });
    logGroup.grantWrite(role);

    const activate: cr.AwsSdkCall = {
      service: 'SES',
      action: 'setActiveReceiptRuleSet',
      parameters: { RuleSetName: props.ruleSetName },
      physicalResourceId: cr.PhysicalResourceId.of(`active-receipt-rule-set-${props.ruleSetName}`),
    };
    this.resource = new cr.AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::ActiveReceiptRuleSet',
      onCreate: activate,
      onUpdate: activate,
      onDelete: { service: 'SES', action: 'setActiveReceiptRuleSet', parameters: {} },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['ses:SetActiveReceiptRuleSet'], resources: ['*'] }),
      ]),
      role,
      logGroup,
      installLatestAwsSdk: false,
    });
    Validations.of(this.resource).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ses:SetActiveReceiptRuleSet has no resource type in IAM: it can only be granted on "*".',
    });
  }
}
