import { parseConfig } from '../../functions/config/load-config';
import { BASE_CONFIG, logicalIdOf, type SynthesizedStack, synthStack } from './synth-stack';

/** The statements of the ingest function's role that mention SES sending. */
function sendStatements(synthesized: SynthesizedStack): Record<string, unknown>[] {
  const policies = synthesized.template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: logicalIdOf(synthesized.stack.ingest.role) }] },
  });
  return Object.values(policies)
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, unknown>[])
    .filter((statement) => /ses:Send/.test(JSON.stringify(statement.Action)));
}

function identityArn(synthesized: SynthesizedStack): unknown {
  const [identity] = Object.keys(synthesized.template.findResources('AWS::SES::EmailIdentity'));
  return { 'Fn::Join': ['', ['arn:aws:ses:eu-west-1:111122223333:identity/', { Ref: identity }]] };
}

function replyFromVariable(synthesized: SynthesizedStack): unknown {
  const fn = synthesized.template.findResources('AWS::Lambda::Function', {
    Properties: { Description: 'Delivers documents from SES mail to Clearfacts' },
  });
  return Object.values(fn)[0]?.Properties.Environment.Variables.REPLY_FROM;
}

describe('replies to senders in the stack', () => {
  it('lets the function send through the domain identity from noreply@<domain> only, and tells it so', () => {
    const synthesized = synthStack();
    const [configurationSet] = Object.keys(synthesized.template.findResources('AWS::SES::ConfigurationSet'));
    expect(sendStatements(synthesized)).toEqual([
      {
        Effect: 'Allow',
        Action: ['ses:SendEmail', 'ses:SendRawEmail'],
        // SES authorises a send on the configuration set as well as on the identity.
        Resource: [
          {
            'Fn::Join': [
              '',
              ['arn:aws:ses:eu-west-1:111122223333:configuration-set/', { Ref: configurationSet }],
            ],
          },
          identityArn(synthesized),
        ],
        Condition: { StringEquals: { 'ses:FromAddress': 'noreply@invoices.example.com' } },
      },
    ]);
    expect(replyFromVariable(synthesized)).toBe('noreply@invoices.example.com');
  });

  it('sends replies through a configuration set that uses the suppression list for bounces and complaints', () => {
    const synthesized = synthStack();
    synthesized.template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    const [configurationSet] = Object.keys(synthesized.template.findResources('AWS::SES::ConfigurationSet'));
    const fn = synthesized.template.findResources('AWS::Lambda::Function', {
      Properties: { Description: 'Delivers documents from SES mail to Clearfacts' },
    });
    expect(Object.values(fn)[0]?.Properties.Environment.Variables.REPLY_CONFIGURATION_SET).toEqual({
      Ref: configurationSet,
    });
  });

  it('uses the configured reply address in the condition and the environment alike', () => {
    const synthesized = synthStack({ ...BASE_CONFIG, replyFrom: 'Facturen-Antwoord@Invoices.example.com' });
    expect(sendStatements(synthesized)).toEqual([
      expect.objectContaining({
        Condition: { StringEquals: { 'ses:FromAddress': 'facturen-antwoord@invoices.example.com' } },
      }),
    ]);
    expect(replyFromVariable(synthesized)).toBe('facturen-antwoord@invoices.example.com');
  });

  it('grants nothing and sets nothing when every mailbox has replies off', () => {
    const synthesized = synthStack({
      ...BASE_CONFIG,
      defaults: { feedback: 'off' },
      mailboxes: [{ address: 'acme', companyNumber: '0123456749', feedback: 'off' }],
    });
    expect(sendStatements(synthesized)).toEqual([]);
    expect(replyFromVariable(synthesized)).toBeUndefined();
    // Neither the reply address nor a configuration set is announced to the CLI (positive control: BASE_CONFIG).
    const outputs = Object.keys(synthesized.template.findOutputs('*'));
    expect(outputs).not.toContain('ReplyFromAddress');
    expect(outputs).not.toContain('ReplyConfigurationSetName');
    expect(Object.keys(synthStack().template.findOutputs('*'))).toEqual(
      expect.arrayContaining(['ReplyFromAddress', 'ReplyConfigurationSetName']),
    );
  });

  it('still grants sending when only one mailbox acknowledges', () => {
    const synthesized = synthStack({
      ...BASE_CONFIG,
      defaults: { feedback: 'off' },
      mailboxes: [{ address: 'acme', companyNumber: '0123456749', feedback: 'acknowledge', language: 'nl' }],
    });
    expect(sendStatements(synthesized)).toHaveLength(1);
  });

  it.each([
    [
      'an address on another domain',
      'noreply@example.org',
      'is not on the configured domain invoices.example.com',
    ],
    ['a mailbox’s own address', 'acme@invoices.example.com', 'is also a mailbox'],
  ])('refuses %s as the reply address', (_name, replyFrom, message) => {
    expect(() => parseConfig({ ...BASE_CONFIG, replyFrom })).toThrow(message);
  });

  it('refuses an unknown reply language or feedback setting with the field’s path', () => {
    expect(() => parseConfig({ ...BASE_CONFIG, defaults: { language: 'es' } })).toThrow('defaults.language');
    expect(() =>
      parseConfig({
        ...BASE_CONFIG,
        mailboxes: [{ address: 'acme', companyNumber: '0123456749', feedback: 'always' }],
      }),
    ).toThrow('mailboxes[0] (acme).feedback');
  });
});
