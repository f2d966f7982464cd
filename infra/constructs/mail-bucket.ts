import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DEFAULT_REPORTS_PREFIX } from '../../functions/reports/s3-report-store';

/** Noncurrent versions (an overwrite or delete by mistake) stay this long before S3 removes them. */
const NONCURRENT_VERSION_DAYS = 30;

/** Options for the bucket that holds raw mail and reports. */
export interface MailBucketProps {
  /** Key prefix SES writes raw mail under. @default 'inbound/' */
  readonly rawMailPrefix?: string;
  /** Key prefix the function writes reports under. @default 'reports/' */
  readonly reportsPrefix?: string;
  /** How long raw mail is kept. @default 400 days */
  readonly rawMailRetention?: Duration;
  /** How long reports are kept. @default 400 days */
  readonly reportsRetention?: Duration;
}

/**
 * Raw mail (written by SES) and reports (written by the function), side by side. S3-managed
 * encryption: SES needs no key access for it, and the function reads objects like any other
 * (the S3 action's own `kmsKey` option is client-side encryption, which Node cannot decrypt).
 */
export class MailBucket extends Construct {
  public readonly bucket: s3.Bucket;
  /** Server access logs of `bucket`: who read or wrote which message. */
  public readonly accessLogs: s3.Bucket;
  public readonly rawMailPrefix: string;
  public readonly reportsPrefix: string;

  constructor(scope: Construct, id: string, props: MailBucketProps = {}) {
    super(scope, id);
    this.rawMailPrefix = props.rawMailPrefix ?? 'inbound/';
    this.reportsPrefix = props.reportsPrefix ?? DEFAULT_REPORTS_PREFIX;
    const rawMailRetention = props.rawMailRetention ?? Duration.days(400);
    const reportsRetention = props.reportsRetention ?? Duration.days(400);

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      // Log delivery supports SSE-S3 only.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: rawMailRetention }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access log bucket; logging it into itself would loop and another bucket adds nothing.',
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // A mistaken overwrite or delete of an invoice mail can be undone for a while.
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'mail-bucket/',
      lifecycleRules: [
        { id: 'expire-raw-mail', prefix: this.rawMailPrefix, expiration: rawMailRetention },
        { id: 'expire-reports', prefix: this.reportsPrefix, expiration: reportsRetention },
        {
          id: 'clean-up-versions',
          noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        { id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true },
      ],
      // Mail is evidence of what a client sent: it outlives the stack (see the README on destroy).
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Lets `grantee` read raw mail, and nothing else in the bucket. */
  grantReadRawMail(grantee: iam.IGrantable): iam.Grant {
    // Listing the raw-mail prefix (and only it) makes S3 answer a missing message with NoSuchKey,
    // which the function reports as permanent, instead of AccessDenied, which it must retry.
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:ListBucket'],
      resourceArns: [this.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': `${this.rawMailPrefix}*` } },
    });
    return this.grantOnPrefix(grantee, 's3:GetObject', this.rawMailPrefix);
  }

  /** Lets `grantee` write reports, and nothing else in the bucket. */
  grantWriteReports(grantee: iam.IGrantable): iam.Grant {
    return this.grantOnPrefix(grantee, 's3:PutObject', this.reportsPrefix);
  }

  private grantOnPrefix(grantee: iam.IGrantable, action: string, prefix: string): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: [action],
      resourceArns: [this.bucket.arnForObjects(`${prefix}*`)],
    });
    const principal = grantee.grantPrincipal;
    if (Construct.isConstruct(principal)) {
      const logicalId = Stack.of(this).resolve((this.bucket.node.defaultChild as s3.CfnBucket).logicalId);
      Validations.of(principal).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/${prefix}*]`,
        reason: `Keys under ${prefix} are SES message ids, unknown in advance: the prefix is the narrowest grant.`,
      });
    }
    return grant;
  }
}
