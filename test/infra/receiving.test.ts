import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { RuleSetProvider } from '../../infra/constructs/rule-set-activation';
import { logicalIdOf, type SynthesizedStack, synthStack, withDeployment } from './synth-stack';

const RULE_ARN =
  'arn:aws:ses:eu-west-1:111122223333:receipt-rule-set/TestStack:receipt-rule/TestStack-receive';

/** A resource in the synthesized template. */
interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

function onlyResourceOfType(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0] as string;
}

describe('SES receiving', () => {
  let synthesized: SynthesizedStack;
  let template: Template;
  beforeAll(() => {
    synthesized = synthStack();
    template = synthesized.template;
  });

  it('stores every message for the domain under the raw prefix and notifies the topic', () => {
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: {
        Name: 'TestStack-receive',
        Enabled: true,
        Recipients: ['invoices.example.com'],
        Actions: [
          {
            S3Action: {
              BucketName: { Ref: logicalIdOf(synthesized.stack.mail.bucket) },
              ObjectKeyPrefix: 'inbound/',
              TopicArn: { Ref: logicalIdOf(synthesized.stack.notifications.topic) },
              KmsKeyArn: Match.absent(),
            },
          },
        ],
      },
    });
  });

  it('scans for spam and viruses and requires TLS', () => {
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({ ScanEnabled: true, TlsPolicy: 'Require' }),
    });
  });

  it('creates the rule in its own rule set', () => {
    template.hasResourceProperties('AWS::SES::ReceiptRuleSet', { RuleSetName: 'TestStack' });
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      RuleSetName: { Ref: onlyResourceOfType(template, 'AWS::SES::ReceiptRuleSet') },
    });
  });

  it('creates the rule only after the bucket policy and topic policy that let SES write and publish', () => {
    const rule = template.findResources('AWS::SES::ReceiptRule');
    const dependsOn = Object.values(rule)[0]?.DependsOn as string[];
    const { mail, notifications } = synthesized.stack;
    expect(dependsOn).toEqual(
      expect.arrayContaining([
        logicalIdOf(mail.bucket.node.findChild('Policy')),
        logicalIdOf(notifications.topic.node.findChild('Policy')),
      ]),
    );
  });

  it('activates the rule set through its own look-first function, never a generic SDK call', () => {
    const provider = synthesized.stack.receiptRule.node.findChild('Provider') as RuleSetProvider;
    const serviceToken = Object.values(template.findResources('Custom::ActiveReceiptRuleSet'))[0]?.Properties
      .ServiceToken;
    expect(serviceToken).toEqual({
      'Fn::GetAtt': [logicalIdOf(provider.provider.node.findChild('framework-onEvent')), 'Arn'],
    });
    template.hasResourceProperties('Custom::ActiveReceiptRuleSet', { RuleSetName: 'TestStack' });
    // No generic SDK custom resource (AwsCustomResource names its calls in Create/Update/Delete).
    const customResources = Object.values(template.toJSON().Resources as Record<string, CfnResource>).filter(
      (resource) => resource.Type.startsWith('Custom::'),
    );
    expect(customResources.length).toBeGreaterThan(0);
    for (const resource of customResources) {
      expect(JSON.stringify(resource.Properties)).not.toMatch(/SetActiveReceiptRuleSet/i);
    }
    template.resourceCountIs('Custom::AWS', 0);
  });

  it('activates only once the rule exists, so deletion releases before the rule set goes', () => {
    const activation = Object.values(template.findResources('Custom::ActiveReceiptRuleSet'))[0];
    expect(activation?.DependsOn).toContain(onlyResourceOfType(template, 'AWS::SES::ReceiptRule'));
  });

  it('lets the activation function read and change receipt rule sets, and nothing else', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^ReceivingProviderRoleDefaultPolicy'),
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: [
              'ses:CreateReceiptRule',
              'ses:DeleteReceiptRule',
              'ses:DescribeActiveReceiptRuleSet',
              'ses:DescribeReceiptRuleSet',
              'ses:SetActiveReceiptRuleSet',
              'ses:SetReceiptRulePosition',
              'ses:UpdateReceiptRule',
            ],
            Effect: 'Allow',
            Resource: '*',
          },
        ]),
      },
    });
  });

  it('lets SES use the topic key in the documented form, without an aws:SourceArn condition', () => {
    const key = Object.values(
      template.findResources('AWS::KMS::Key', {
        Properties: { Description: 'Encrypts the SES mail notification topic' },
      }),
    )[0] as { Properties: { KeyPolicy: { Statement: Record<string, unknown>[] } } };
    const forSes = key.Properties.KeyPolicy.Statement.filter(
      (statement) => JSON.stringify(statement.Principal) === JSON.stringify({ Service: 'ses.amazonaws.com' }),
    );
    expect(forSes).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
      }),
    ]);
    expect(JSON.stringify(forSes)).not.toContain('aws:SourceArn');
    expect(forSes[0]?.Condition).toBeUndefined();
  });

  it('lets only this rule publish to the topic', () => {
    const fromTheRule = {
      StringEquals: { 'aws:SourceAccount': '111122223333', 'aws:SourceArn': RULE_ARN },
    };
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'ses.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: fromTheRule,
          }),
        ]),
      },
    });
  });

  it('verifies the domain with Easy DKIM and prints the DNS records when no hosted zone is given', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'invoices.example.com',
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
    });
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    template.hasOutput('*', { Value: 'invoices.example.com MX 10 inbound-smtp.eu-west-1.amazonaws.com' });
    const dkimOutputs = template.findOutputs('*', { Description: Match.stringLikeRegexp('DKIM CNAME') });
    expect(Object.keys(dkimOutputs)).toHaveLength(3);
  });
});

describe('SES receiving with a Route 53 hosted zone', () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = synthStack(
      withDeployment({ hostedZone: { id: 'Z0123456789ABCDEFGHIJ', name: 'example.com' } }),
    ));
  });

  it('creates the inbound MX record for the region in the zone', () => {
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      HostedZoneId: 'Z0123456789ABCDEFGHIJ',
      Name: 'invoices.example.com.',
      Type: 'MX',
      ResourceRecords: ['10 inbound-smtp.eu-west-1.amazonaws.com'],
    });
  });

  it('creates the three DKIM CNAMEs from the identity', () => {
    const identity = Object.keys(template.findResources('AWS::SES::EmailIdentity'))[0] as string;
    for (const n of [1, 2, 3]) {
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        HostedZoneId: 'Z0123456789ABCDEFGHIJ',
        Type: 'CNAME',
        Name: { 'Fn::GetAtt': [identity, `DkimDNSTokenName${n}`] },
        ResourceRecords: [{ 'Fn::GetAtt': [identity, `DkimDNSTokenValue${n}`] }],
      });
    }
    expect(
      Object.keys(template.findOutputs('*', { Description: Match.stringLikeRegexp('DNS provider') })),
    ).toEqual([]);
  });
});

describe('SES receiving that joins the active rule set', () => {
  let template: Template;
  let synthesized: SynthesizedStack;
  beforeAll(() => {
    synthesized = synthStack(withDeployment({ ruleSet: { mode: 'join', after: 'crm' } }));
    template = synthesized.template;
  });

  it('creates no rule set, no CloudFormation rule and no activation', () => {
    template.resourceCountIs('AWS::SES::ReceiptRuleSet', 0);
    template.resourceCountIs('AWS::SES::ReceiptRule', 0);
    template.resourceCountIs('Custom::ActiveReceiptRuleSet', 0);
  });

  it('has the function add exactly this rule, after the named one', () => {
    template.hasResourceProperties('Custom::JoinedReceiptRule', {
      RuleName: 'TestStack-receive',
      Domain: 'invoices.example.com',
      BucketName: { Ref: logicalIdOf(synthesized.stack.mail.bucket) },
      ObjectKeyPrefix: 'inbound/',
      TopicArn: { Ref: logicalIdOf(synthesized.stack.notifications.topic) },
      After: 'crm',
    });
  });

  it('adds the rule only after the bucket and topic policies exist', () => {
    const joined = Object.values(template.findResources('Custom::JoinedReceiptRule'))[0];
    const { mail, notifications } = synthesized.stack;
    expect(joined?.DependsOn).toEqual(
      expect.arrayContaining([
        logicalIdOf(mail.bucket.node.findChild('Policy')),
        logicalIdOf(notifications.topic.node.findChild('Policy')),
      ]),
    );
  });

  it('lets this rule, in whichever set it joined, store mail and publish', () => {
    const fromTheRule = {
      StringEquals: { 'aws:SourceAccount': '111122223333' },
      ArnLike: {
        'aws:SourceArn':
          'arn:aws:ses:eu-west-1:111122223333:receipt-rule-set/*:receipt-rule/TestStack-receive',
      },
    };
    for (const type of ['AWS::S3::BucketPolicy', 'AWS::SNS::TopicPolicy']) {
      template.hasResourceProperties(type, {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Principal: { Service: 'ses.amazonaws.com' }, Condition: fromTheRule }),
          ]),
        },
      });
    }
  });

  it('reports the joined rule set from the custom resource', () => {
    template.hasOutput('ReceiptRuleSetName', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReceivingJoinedRule'), 'RuleSetName'] },
    });
  });
});

describe('SES receiving with activation left to the admin (none)', () => {
  it('creates the rule set, activates nothing, and prints the command that would', () => {
    const { template } = synthStack(withDeployment({ ruleSet: { mode: 'none' } }));
    template.resourceCountIs('AWS::SES::ReceiptRuleSet', 1);
    template.resourceCountIs('Custom::ActiveReceiptRuleSet', 0);
    const functions = Object.keys(template.findResources('AWS::Lambda::Function'));
    expect(functions.filter((id) => id.startsWith('ReceivingProvider'))).toEqual([]);
    expect(functions.filter((id) => id.startsWith('Ingest'))).toHaveLength(1);
    template.hasOutput('*', {
      Value: 'aws ses set-active-receipt-rule-set --rule-set-name TestStack --region eu-west-1',
    });
  });
});
