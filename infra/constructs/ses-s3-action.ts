import * as iam from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IConstruct } from 'constructs';
import { fromReceiptRule, type ReceiptRuleNames } from './receipt-rule-names';

/** What the S3 action writes where, and which rule may do it. */
export interface SesS3ActionProps {
  readonly bucket: IBucket;
  /** Key prefix for raw mail; SES's object key (in the notification) already includes it. */
  readonly objectKeyPrefix: string;
  /** Notified with bucket, key, envelope recipients and verdicts for every stored message. */
  readonly topic: ITopic;
  /** The rule's literal names (see `receiptRuleArn`). */
  readonly receiptRule: ReceiptRuleNames;
}

/**
 * Lets the one rule (`aws:SourceArn`) of this account store mail under the prefix, and makes `dependent`
 * (the rule, or the resource that creates it) wait for the bucket and topic policies: SES writes a test
 * object and publishes a setup notification when the rule is created.
 */
export function allowRuleToStoreMail(dependent: IConstruct, props: SesS3ActionProps): void {
  const { bucket, objectKeyPrefix, topic } = props;
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowSesReceiptRuleToStoreMail',
      principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects(`${objectKeyPrefix}*`)],
      conditions: fromReceiptRule(dependent, props.receiptRule),
    }),
  );
  const policy = bucket.policy;
  if (policy === undefined) {
    throw new Error('The SES S3 action needs a bucket defined in this app, so that it can own its policy');
  }
  dependent.node.addDependency(policy);
  const topicPolicy = topic.node.tryFindChild('Policy');
  if (topicPolicy !== undefined) dependent.node.addDependency(topicPolicy);
}

/**
 * Like `aws-ses-actions.S3`, but the bucket policy it writes names the one rule allowed to write
 * (`aws:SourceArn`) besides the account: CDK's action only checks the account, which would let any
 * rule in the account write here. No `kmsKey`: that is client-side encryption Node cannot read.
 */
export class SesS3Action implements ses.IReceiptRuleAction {
  constructor(private readonly props: SesS3ActionProps) {}

  bind(rule: ses.IReceiptRuleRef): ses.ReceiptRuleActionConfig {
    allowRuleToStoreMail(rule, this.props);
    const { bucket, objectKeyPrefix, topic } = this.props;
    return { s3Action: { bucketName: bucket.bucketName, objectKeyPrefix, topicArn: topic.topicArn } };
  }
}
