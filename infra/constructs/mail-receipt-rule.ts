import type { IBucket } from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { type ReceiptRuleNames, receiptRuleArn } from './receipt-rule-names';
import { RuleSetActivation } from './rule-set-activation';
import { SesS3Action } from './ses-s3-action';

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
  /** Add the rule to the existing rule set `names.ruleSetName` instead of creating it. @default false */
  readonly useExistingRuleSet?: boolean;
  /** Make the created rule set the active one; ignored for an existing rule set. @default true */
  readonly activate?: boolean;
}

/**
 * One receipt rule for the whole domain: TLS required, spam and virus scanning on, and an S3 action
 * that stores the raw message and notifies the topic.
 */
export class MailReceiptRule extends Construct {
  public readonly ruleSet: ses.IReceiptRuleSet;
  public readonly rule: ses.ReceiptRule;
  /** The ARN SES presents as `aws:SourceArn` when it acts for this rule. */
  public readonly ruleArn: string;
  /** Present when this construct activates its rule set. */
  public readonly activation?: RuleSetActivation;

  constructor(scope: Construct, id: string, props: MailReceiptRuleProps) {
    super(scope, id);
    const { ruleSetName, ruleName } = props.names;
    this.ruleArn = receiptRuleArn(this, props.names);
    this.ruleSet = props.useExistingRuleSet
      ? ses.ReceiptRuleSet.fromReceiptRuleSetName(this, 'RuleSet', ruleSetName)
      : new ses.ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: ruleSetName });

    this.rule = new ses.ReceiptRule(this, 'Rule', {
      ruleSet: this.ruleSet,
      receiptRuleName: ruleName,
      recipients: [props.domain],
      enabled: true,
      // CDK's default is off; the verdicts reach the function, which applies each mailbox's policy.
      scanEnabled: true,
      // Refuse mail from servers that will not encrypt the connection.
      tlsPolicy: ses.TlsPolicy.REQUIRE,
      actions: [
        new SesS3Action({
          bucket: props.bucket,
          objectKeyPrefix: props.objectKeyPrefix,
          topic: props.topic,
          receiptRuleArn: this.ruleArn,
        }),
      ],
    });

    if (!props.useExistingRuleSet && (props.activate ?? true)) {
      this.activation = new RuleSetActivation(this, 'Activation', { ruleSetName });
      // Activate once the rule is in place; on delete, deactivate before the rule set goes.
      this.activation.node.addDependency(this.rule);
    }
  }
}
