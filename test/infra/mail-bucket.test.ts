import { Match, type Template } from 'aws-cdk-lib/assertions';
import { logicalIdOf, type SynthesizedStack, synthStack, withDeployment } from './synth-stack';

const RULE_ARN =
  'arn:aws:ses:eu-west-1:111122223333:receipt-rule-set/TestStack:receipt-rule/TestStack-receive';

describe('the mail bucket', () => {
  let synthesized: SynthesizedStack;
  let template: Template;
  let bucketId: string;
  beforeAll(() => {
    synthesized = synthStack();
    template = synthesized.template;
    bucketId = logicalIdOf(synthesized.stack.mail.bucket);
  });

  function bucket(): { Properties: Record<string, unknown>; DeletionPolicy?: string } {
    return template.toJSON().Resources[bucketId];
  }

  function bucketPolicyStatements(): Record<string, unknown>[] {
    const policies = template.findResources('AWS::S3::BucketPolicy', {
      Properties: { Bucket: { Ref: bucketId } },
    });
    const policy = Object.values(policies)[0];
    return policy?.Properties.PolicyDocument.Statement ?? [];
  }

  it('encrypts with S3-managed keys, which SES needs no access to', () => {
    expect(bucket().Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
  });

  it('blocks all public access', () => {
    expect(bucket().Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it('keeps versions, logs access, and survives the stack', () => {
    expect(bucket().Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket().Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logicalIdOf(synthesized.stack.mail.accessLogs) },
      LogFilePrefix: 'mail-bucket/',
    });
    expect(bucket().DeletionPolicy).toBe('Retain');
  });

  it('refuses any request without TLS', () => {
    expect(bucketPolicyStatements()).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Principal: { AWS: '*' },
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('lets SES write raw mail, from this account and this receipt rule only', () => {
    expect(bucketPolicyStatements()).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'ses.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/inbound/*']] },
        Condition: { StringEquals: { 'aws:SourceAccount': '111122223333', 'aws:SourceArn': RULE_ARN } },
      }),
    );
  });

  it('allows nothing else: every Allow is the SES statement with both conditions', () => {
    const allows = bucketPolicyStatements().filter((statement) => statement.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Principal: { Service: 'ses.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': expect.any(String), 'aws:SourceArn': RULE_ARN } },
    });
  });

  it('expires raw mail and reports after 400 days by default, and old versions after 30', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: Match.anyValue(),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'inbound/', ExpirationInDays: 400, Status: 'Enabled' }),
          Match.objectLike({ Prefix: 'reports/', ExpirationInDays: 400, Status: 'Enabled' }),
          Match.objectLike({
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          }),
          Match.objectLike({ ExpiredObjectDeleteMarker: true }),
        ]),
      },
    });
  });

  it('keeps its access logs encrypted, private and TLS-only too', () => {
    const logs = template.toJSON().Resources[logicalIdOf(synthesized.stack.mail.accessLogs)];
    expect(
      logs.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault,
    ).toEqual({ SSEAlgorithm: 'AES256' });
    expect(logs.Properties.PublicAccessBlockConfiguration.RestrictPublicBuckets).toBe(true);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalIdOf(synthesized.stack.mail.accessLogs) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('the mail bucket with the admin retention and prefix', () => {
  it('applies the configured retention to each prefix', () => {
    const { template } = synthStack(
      withDeployment({ rawMailPrefix: 'mail/', retention: { rawMailDays: 3653, reportsDays: 30 } }),
    );
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'mail/', ExpirationInDays: 3653 }),
          Match.objectLike({ Prefix: 'reports/', ExpirationInDays: 30 }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({ Actions: [{ S3Action: Match.objectLike({ ObjectKeyPrefix: 'mail/' }) }] }),
    });
  });
});
