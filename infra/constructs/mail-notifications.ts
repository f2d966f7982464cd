import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MAX_RECEIVE_COUNT } from '../../functions/ingest/retry-schedule';
import { fromReceiptRule, type ReceiptRuleNames } from './receipt-rule-names';

/** Lambda's guidance for SQS sources: the visibility timeout is at least six times the function timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/** SQS's maximum retention: work waits two weeks for Clearfacts (or an admin) before it is lost. */
export const QUEUE_RETENTION = Duration.days(14);

/** Options for the SES notification topic and the work queue behind it. */
export interface MailNotificationsProps {
  /** The only receipt rule allowed to publish; the topic policy names it. */
  readonly receiptRule: ReceiptRuleNames;
  /** The consuming function's timeout; the queue's visibility timeout is six times it. */
  readonly consumerTimeout: Duration;
  /**
   * Receives before a message moves to the DLQ.
   * @default MAX_RECEIVE_COUNT, the function's retry budget (functions/ingest/retry-schedule.ts)
   */
  readonly maxReceiveCount?: number;
}

/**
 * SES notification topic → work queue → DLQ. The topic is encrypted with a customer managed key
 * SES may use (the AWS managed `alias/aws/sns` key refuses SES); the queues use SSE-SQS, which SNS
 * can deliver to without any key policy (a KMS-encrypted queue would need one for sns.amazonaws.com).
 */
export class MailNotifications extends Construct {
  public readonly key: kms.Key;
  public readonly topic: sns.Topic;
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  /** Receives before a message moves to the DLQ. */
  public readonly maxReceiveCount: number;

  constructor(scope: Construct, id: string, props: MailNotificationsProps) {
    super(scope, id);
    const fromTheRule = fromReceiptRule(this, props.receiptRule);

    this.key = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the SES mail notification topic',
      enableKeyRotation: true,
      // It protects messages in flight only; nothing stored depends on it once the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // The form the SNS guide gives for an AWS service publishing to an encrypted topic: the service
    // principal, these two actions, no conditions ("Enabling compatibility between event sources from
    // AWS services and encrypted topics", https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html).
    // No aws:SourceArn here: AWS documents it for the bucket policy, not for the KMS calls SES makes
    // through SNS; a condition that does not match would make CreateReceiptRule fail (InvalidSnsTopic).
    // Who may publish is decided by the topic policy below, which names the rule.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSesToPublishToTheEncryptedTopic',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
      }),
    );

    this.topic = new sns.Topic(this, 'Topic', { masterKey: this.key, enforceSSL: true });
    // The topic policy that enforceSSL creates replaces the default one; say plainly who may publish.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSesReceiptRuleToPublish',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromTheRule,
      }),
    );

    const visibilityTimeout = Duration.seconds(props.consumerTimeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR);
    // The function delays each retry with ChangeMessageVisibility (1, 2, 4 … 512 minutes, then
    // 11 h 45 min), so its 12th receive comes about 29 hours after the first: a day-long Clearfacts
    // outage is ridden out, and the redrive policy moves the message on when that budget is spent.
    this.maxReceiveCount = props.maxReceiveCount ?? MAX_RECEIVE_COUNT;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // A moved message keeps its original enqueue time: the DLQ gets the longest retention there is.
      retentionPeriod: QUEUE_RETENTION,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This is the dead-letter queue; an alarm watches it and an admin redrives it.',
    });

    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: QUEUE_RETENTION,
      visibilityTimeout,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: this.maxReceiveCount },
    });
    // Raw delivery off: the body is the SNS envelope and its Message the SES JSON (the function parses both).
    this.topic.addSubscription(new subscriptions.SqsSubscription(this.queue, { rawMessageDelivery: false }));
  }
}
