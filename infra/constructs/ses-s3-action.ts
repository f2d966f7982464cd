import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type { ITopic } from 'aws-cdk-lib/aws-sns';

/** What the S3 action writes where, and which rule may do it. */
export interface SesS3ActionProps {
  readonly bucket: IBucket;
  /** Key prefix for raw mail; SES's object key (in the notification) already includes it. */
  readonly objectKeyPrefix: string;
  /** Notified with bucket, key, envelope recipients and verdicts for every stored message. */
  readonly topic: ITopic;
  /** The rule's ARN, built from literal names (see `receiptRuleArn`). */
  readonly receiptRuleArn: string;
}

/**
 * Like `aws-ses-actions.S3`, but the bucket policy it writes names the one rule allowed to write
 * (`aws:SourceArn`) besides the account: CDK's action only checks the account, which would let any
 * rule in the account write here. No `kmsKey`: that is client-side encryption Node cannot read.
 */
export class SesS3Action implements ses.IReceiptRuleAction {
  constructor(private readonly props: SesS3ActionProps) {}

  bind(rule: ses.IReceiptRuleRef): ses.ReceiptRuleActionConfig {
    const { bucket, objectKeyPrefix, topic, receiptRuleArn } = this.props;
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSesReceiptRuleToStoreMail',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(`${objectKeyPrefix}*`)],
        conditions: {
          StringEquals: {
            'aws:SourceAccount': Stack.of(rule).account,
            'aws:SourceArn': receiptRuleArn,
          },
        },
      }),
    );
    // SES writes a test object when the rule is created: the policy must exist first.
    const policy = bucket.policy;
    if (policy === undefined) {
      throw new Error('SesS3Action needs a bucket defined in this app, so that it can own its policy');
    }
    rule.node.addDependency(policy);
    // Likewise its setup notification: publish only once the topic policy lets SES do so.
    const topicPolicy = topic.node.tryFindChild('Policy');
    if (topicPolicy !== undefined) rule.node.addDependency(topicPolicy);
    return {
      s3Action: {
        bucketName: bucket.bucketName,
        objectKeyPrefix,
        topicArn: topic.topicArn,
      },
    };
  }
}
