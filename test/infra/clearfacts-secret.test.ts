import type { Template } from 'aws-cdk-lib/assertions';
import { parseConfig } from '../../functions/config/load-config';
import { logicalIdOf, type SynthesizedStack, synthStack, withDeployment } from './synth-stack';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const EXISTING_SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:clearfacts/api-token-??????';
const VIA_SECRETS_MANAGER = { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } };

/** Every statement of the policies attached to the ingest function's role. */
function ingestStatements(synthesized: SynthesizedStack): Record<string, unknown>[] {
  const role = logicalIdOf(synthesized.stack.ingest.role);
  const policies = synthesized.template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: role }] },
  });
  return Object.values(policies).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement as Record<string, unknown>[],
  );
}

/** Every action any policy of the template allows, flattened. */
function allActions(template: Template): string[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
    (policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((s) => s.Action),
  );
}

describe('the Clearfacts secret with a personal access token (the default)', () => {
  let synthesized: SynthesizedStack;
  beforeAll(() => {
    synthesized = synthStack(withDeployment({}));
  });

  it('lets the function only read the secret: GetSecretValue, no write and no key', () => {
    const secret = { Ref: logicalIdOf(synthesized.stack.secret.secret) };
    const onSecret = ingestStatements(synthesized).filter(
      (statement) => JSON.stringify(statement.Resource) === JSON.stringify(secret),
    );
    expect(onSecret).toEqual([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secret },
    ]);
    const actions = allActions(synthesized.template);
    // Positive control: the reading action is found the same way.
    expect(actions).toContain('secretsmanager:GetSecretValue');
    expect(actions).not.toContain('secretsmanager:PutSecretValue');
    expect(actions).not.toContain('secretsmanager:UpdateSecretVersionStage');
    // No key of the account is named: the created secret uses Secrets Manager's AWS managed key.
    expect(JSON.stringify(ingestStatements(synthesized))).not.toContain('arn:aws:kms:');
  });
});

describe('the Clearfacts secret with OpenID Connect credentials', () => {
  let synthesized: SynthesizedStack;
  beforeAll(() => {
    synthesized = synthStack(withDeployment({ clearfactsAuth: 'oidc' }));
  });

  it('lets the function read the secret and store refreshed tokens in it', () => {
    const secret = { Ref: logicalIdOf(synthesized.stack.secret.secret) };
    const onSecret = ingestStatements(synthesized).filter(
      (statement) => JSON.stringify(statement.Resource) === JSON.stringify(secret),
    );
    // CDK merges the read and the write into one statement.
    expect(onSecret).toEqual([
      {
        Effect: 'Allow',
        Action: [
          'secretsmanager:GetSecretValue',
          'secretsmanager:PutSecretValue',
          'secretsmanager:UpdateSecretVersionStage',
        ],
        Resource: secret,
      },
    ]);
  });
});

describe('an existing secret encrypted with a customer managed key', () => {
  it('may be decrypted with that key only, through Secrets Manager, and not encrypted with it for a personal token', () => {
    const synthesized = synthStack(
      withDeployment({ existingSecretName: 'clearfacts/api-token', secretKmsKeyArn: KEY_ARN }),
    );
    const statements = ingestStatements(synthesized);
    expect(statements).toEqual(
      expect.arrayContaining([
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: EXISTING_SECRET },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN, Condition: VIA_SECRETS_MANAGER },
      ]),
    );
    const kms = statements.filter((statement) => String(statement.Action).includes('kms:'));
    expect(kms).toEqual([
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN, Condition: VIA_SECRETS_MANAGER },
    ]);
  });

  it('may also encrypt with that key when the function writes refreshed OpenID Connect tokens', () => {
    const synthesized = synthStack(
      withDeployment({
        existingSecretName: 'clearfacts/api-token',
        secretKmsKeyArn: KEY_ARN,
        clearfactsAuth: 'oidc',
      }),
    );
    const kms = ingestStatements(synthesized).filter((statement) =>
      String(statement.Action).includes('kms:'),
    );
    expect(kms).toEqual([
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: KEY_ARN,
        Condition: VIA_SECRETS_MANAGER,
      },
    ]);
  });
});

describe('deployment.secretKmsKeyArn', () => {
  const config = (deployment: Record<string, unknown>) => withDeployment(deployment);

  it('accepts a key ARN and a multi-Region key ARN', () => {
    const mrk = 'arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab';
    for (const arn of [KEY_ARN, mrk]) {
      expect(
        parseConfig(config({ existingSecretName: 'clearfacts/api-token', secretKmsKeyArn: arn })).deployment
          .secretKmsKeyArn,
      ).toBe(arn);
    }
  });

  it('refuses an alias ARN (IAM does not match key use against it) and a key without an existing secret', () => {
    expect(() =>
      parseConfig(
        config({
          existingSecretName: 'clearfacts/api-token',
          secretKmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:alias/clearfacts',
        }),
      ),
    ).toThrow(/expected a KMS key ARN/);
    expect(() => parseConfig(config({ secretKmsKeyArn: KEY_ARN }))).toThrow(
      /secretKmsKeyArn describes an existing secret: set existingSecretName too/,
    );
  });
});
