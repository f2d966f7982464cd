import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE_CONFIG, synthStack, withDeployment } from './synth-stack';

const REPO_ROOT = join(__dirname, '..', '..');
const IDENTITY_ARN = 'arn:aws:ses:eu-west-1:111122223333:identity/invoices.example.com';

/** Every statement of every IAM policy in the template that grants sending through SES. */
function sendResources(template: ReturnType<typeof synthStack>['template']): unknown[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, unknown>[])
    .filter((statement) => JSON.stringify(statement.Action).includes('ses:SendEmail'))
    .flatMap((statement) => statement.Resource as unknown[]);
}

describe("a stage and the domain's SES identity", () => {
  it('creates the identity and its DNS records in the default stack (no stage)', () => {
    const { template } = synthStack();
    template.resourceCountIs('AWS::SES::EmailIdentity', 1);
    expect(
      Object.keys(template.findOutputs('*')).filter((key) => /MxRecord|DkimRecord/.test(key)),
    ).toHaveLength(4);
  });

  it('refuses at synth a stage that does not say whether it creates the identity, naming the choices', () => {
    expect(() => synthStack(BASE_CONFIG, { stage: 'test' })).toThrow(
      /^deployment\.domainIdentity: the stage "test" may share invoices\.example\.com with another stage of this account, .*set "create" .* or "existing"/,
    );
  });

  it('creates the identity for a stage that says "create"', () => {
    const { template } = synthStack(withDeployment({ domainIdentity: 'create' }), { stage: 'test' });
    template.resourceCountIs('AWS::SES::EmailIdentity', 1);
  });

  it('uses the existing identity for a stage that says "existing": no identity, no DNS records, replies still allowed', () => {
    const { template } = synthStack(
      withDeployment({ domainIdentity: 'existing', ruleSet: { mode: 'none' } }),
      {
        stage: 'test',
      },
    );
    template.resourceCountIs('AWS::SES::EmailIdentity', 0);
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    expect(Object.keys(template.findOutputs('*')).filter((key) => /MxRecord|DkimRecord/.test(key))).toEqual(
      [],
    );
    // Replies go out through the identity the other stage created, by its ARN.
    expect(sendResources(template)).toContainEqual(IDENTITY_ARN);
  });

  it.each(['own', 'join'])(
    'refuses "existing" with rule set mode %s: two stacks would deliver every invoice of the domain',
    (mode) => {
      expect(() =>
        synthStack(withDeployment({ domainIdentity: 'existing', ruleSet: { mode } }), { stage: 'test' }),
      ).toThrow(
        /^deployment\.ruleSet: ".+" would make this stack receive invoices\.example\.com beside the stage/,
      );
    },
  );

  it('stops `cdk synth -c stage=…` with the field in the message, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'domain-identity-'));
    const path = join(dir, 'config.json');
    writeFileSync(path, JSON.stringify(BASE_CONFIG));
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'infra', 'app.ts')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify({ config: path, stage: 'test' }),
        CDK_OUTDIR: join(dir, 'cdk.out'),
      },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'deployment.domainIdentity: the stage "test" may share invoices.example.com',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
