import { CfnOutput, CustomResource, Stack } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { DeploymentConfig } from '../../functions/config/config-schema';
import { RULE_SCAN_ENABLED, RULE_TLS_POLICY } from '../../functions/rule-set/receipt-rule-definition';
import { JOINED_RULE_TYPE, OWN_RULE_SET_TYPE } from '../../functions/rule-set/rule-set-event';
import type { ReceiptRuleNames } from './receipt-rule-names';
import { RuleSetProvider } from './rule-set-activation';
import { allowRuleToStoreMail, SesS3Action } from './ses-s3-action';

/** How the rule takes part in the account's receiving (`deployment.ruleSet`). */
export type RuleSetMode = DeploymentConfig['ruleSet'];

/** Options for the receipt rule that takes in the domain's mail. */
export interface MailReceiptRuleProps {
  /** Mail to any address on this domain matches the rule. */
  readonly domain: string;
  /** The rule set and rule names (literal, so policies can name the rule without a reference). */
  readonly names: ReceiptRuleNames;
  readonly bucket: IBucket;
  /** Key prefix for raw mail. */
  readonly objectKeyPrefix: string;
  /** Notified for every stored message. */
  readonly topic: ITopic;
  /** `own`, `join` or `none`: see docs/deploying.md. */
  readonly mode: RuleSetMode;
  /** How long the provider's logs are kept. @default one month */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * One receipt rule for the whole domain: TLS required, spam and virus scanning on, and an S3 action
 * that stores the raw message and notifies the topic. `own` and `none` create a rule set holding it
 * (`own` then activates that set through `RuleSetProvider`, which looks first); `join` has the
 * provider add the rule to the account's active set.
 */
export class MailReceiptRule extends Construct {
  /** The rule set's name: literal, or (join) the active set's, known once deployed. */
  public readonly ruleSetName: string;
  /** The custom resource that activates (`own`) or holds (`join`) the rule; absent for `none`. */
  public readonly customResource?: CustomResource;

  constructor(scope: Construct, id: string, props: MailReceiptRuleProps) {
    super(scope, id);
    const { ruleSetName, ruleName } = props.names;
    const { mode } = props;
    const provider =
      mode.mode === 'none'
        ? undefined
        : new RuleSetProvider(this, 'Provider', {
            ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
          });

    if (mode.mode === 'join') {
      this.customResource = new CustomResource(this, 'JoinedRule', {
        serviceToken: (provider as RuleSetProvider).provider.serviceToken,
        resourceType: JOINED_RULE_TYPE,
        properties: {
          RuleName: ruleName,
          Domain: props.domain,
          BucketName: props.bucket.bucketName,
          ObjectKeyPrefix: props.objectKeyPrefix,
          TopicArn: props.topic.topicArn,
          ...(mode.after === undefined ? {} : { After: mode.after }),
        },
      });
      allowRuleToStoreMail(this.customResource, { ...props, receiptRule: props.names });
      this.ruleSetName = this.customResource.getAttString('RuleSetName');
      return;
    }

    const ruleSet = new ses.ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: ruleSetName });
    const rule = new ses.ReceiptRule(this, 'Rule', {
      ruleSet,
      receiptRuleName: ruleName,
      recipients: [props.domain],
      enabled: true,
      // CDK's default is off; the verdicts reach the function, which applies each mailbox's policy.
      scanEnabled: RULE_SCAN_ENABLED,
      tlsPolicy: RULE_TLS_POLICY === 'Require' ? ses.TlsPolicy.REQUIRE : ses.TlsPolicy.OPTIONAL,
      actions: [new SesS3Action({ ...props, receiptRule: props.names })],
    });
    this.ruleSetName = ruleSetName;

    if (mode.mode === 'none') {
      new CfnOutput(this, 'ActivateCommand', {
        description:
          'Receiving is off until you run this (it replaces the active rule set: see docs/deploying.md)',
        value: `aws ses set-active-receipt-rule-set --rule-set-name ${ruleSetName} --region ${Stack.of(this).region}`,
      });
      return;
    }
    this.customResource = new CustomResource(this, 'Activation', {
      serviceToken: (provider as RuleSetProvider).provider.serviceToken,
      resourceType: OWN_RULE_SET_TYPE,
      properties: { RuleSetName: ruleSetName },
    });
    // Activate once the rule is in place; on delete, release before the rule and its set go.
    this.customResource.node.addDependency(rule);
  }
}
