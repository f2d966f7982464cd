import { Match, type Template } from 'aws-cdk-lib/assertions';
import { logicalIdOf, type SynthesizedStack, synthStack, withDeployment } from './synth-stack';

const RULE_ARN =
  'arn:aws:ses:eu-west-1:111122223333:receipt-rule-set/TestStack:receipt-rule/TestStack-receive';

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

  it('activates the rule set on create and update, and deactivates receiving on delete', () => {
    template.hasResourceProperties('Custom::ActiveReceiptRuleSet', {
      Create: Match.serializedJson({
        service: 'SES',
        action: 'setActiveReceiptRuleSet',
        parameters: { RuleSetName: 'TestStack' },
        physicalResourceId: Match.anyValue(),
      }),
      Update: Match.serializedJson(
        Match.objectLike({
          action: 'setActiveReceiptRuleSet',
          parameters: { RuleSetName: 'TestStack' },
        }),
      ),
      Delete: Match.serializedJson({ service: 'SES', action: 'setActiveReceiptRuleSet', parameters: {} }),
    });
  });

  it('activates only once the rule exists, so deletion deactivates before the rule set goes', () => {
    const activation = Object.values(template.findResources('Custom::ActiveReceiptRuleSet'))[0];
    expect(activation?.DependsOn).toContain(onlyResourceOfType(template, 'AWS::SES::ReceiptRule'));
  });

  it('lets the activation call SetActiveReceiptRuleSet and nothing else', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^ReceivingActivationCustomResourcePolicy'),
      PolicyDocument: {
        Statement: [{ Action: 'ses:SetActiveReceiptRuleSet', Effect: 'Allow', Resource: '*' }],
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

describe('SES receiving beside an existing active rule set', () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = synthStack(withDeployment({ existingRuleSetName: 'company-inbound' })));
  });

  it('adds the rule to that rule set and neither creates nor activates one', () => {
    template.resourceCountIs('AWS::SES::ReceiptRuleSet', 0);
    template.resourceCountIs('Custom::ActiveReceiptRuleSet', 0);
    template.hasResourceProperties('AWS::SES::ReceiptRule', { RuleSetName: 'company-inbound' });
  });

  it('names that rule set in the bucket policy condition', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: {
              StringEquals: {
                'aws:SourceAccount': '111122223333',
                'aws:SourceArn':
                  'arn:aws:ses:eu-west-1:111122223333:receipt-rule-set/company-inbound:receipt-rule/TestStack-receive',
              },
            },
          }),
        ]),
      },
    });
  });
});

describe('SES receiving with activation turned off', () => {
  it('creates the rule set but leaves the active one alone', () => {
    const { template } = synthStack(withDeployment({ activateRuleSet: false }));
    template.resourceCountIs('AWS::SES::ReceiptRuleSet', 1);
    template.resourceCountIs('Custom::ActiveReceiptRuleSet', 0);
  });
});
