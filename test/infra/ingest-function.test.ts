import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { parseConfig } from '../../functions/config/load-config';
import { METRICS_NAMESPACE } from '../../functions/shared/metric-names';
import { runtimeFiles } from '../../infra/constructs/ingest-function';
import { LEDGER_ACTIONS } from '../../infra/constructs/ledger-table';
import { functionConfigJson, INGEST_CONFIG_FILE_NAME } from '../../infra/function-config-file';
import {
  BASE_CONFIG,
  logicalIdOf,
  REPO_ROOT,
  type SynthesizedStack,
  synthStack,
  withDeployment,
} from './synth-stack';

/** The parts of the synthesized AWS::Lambda::Function these tests read. */
interface FunctionResource {
  readonly Properties: {
    readonly Environment: { readonly Variables: Record<string, unknown> };
    readonly Code: { readonly S3Key: string };
    readonly LoggingConfig: unknown;
    readonly [property: string]: unknown;
  };
  readonly DependsOn?: string[];
}

describe('the ingest function', () => {
  let synthesized: SynthesizedStack;
  let template: Template;
  let fn: FunctionResource;
  beforeAll(() => {
    // The one place the function is really bundled: the asset itself is under test.
    synthesized = synthStack(BASE_CONFIG, { bundle: true });
    template = synthesized.template;
    fn = template.toJSON().Resources[logicalIdOf(synthesized.stack.ingest.function)];
  });

  const id = (construct: Parameters<typeof logicalIdOf>[0]): string => logicalIdOf(construct);

  it('runs on Node.js 22, arm64, with memory for a 40 MB message and a five-minute timeout', () => {
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 2048,
      Timeout: 300,
      Handler: 'index.handler',
    });
  });

  it('tells the function where everything is, and never puts the mailbox list in its environment', () => {
    const variables = fn.Properties.Environment.Variables;
    expect(variables).toEqual({
      NODE_OPTIONS: '--expose-gc',
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      POWERTOOLS_SERVICE_NAME: 'clearfacts-mail-ingest',
      CLEARFACTS_SECRET_ID: { Ref: id(synthesized.stack.secret.secret) },
      LEDGER_TABLE: { Ref: id(synthesized.stack.ledger.table) },
      REPORTS_PREFIX: 'reports/',
      QUEUE_URL: { Ref: id(synthesized.stack.notifications.queue) },
      RENDER_FUNCTION_NAME: { Ref: id(synthesized.stack.bodyRenderer.function) },
      REPLY_CONFIGURATION_SET: { Ref: expect.stringMatching(/^IngestReplies/) },
      REPLY_FROM: 'noreply@invoices.example.com',
    });
  });

  it('bundles the validated config beside the code, without the deployment options', () => {
    const s3Key = fn.Properties.Code.S3Key;
    const assetDir = join(synthesized.app.outdir, `asset.${s3Key.replace(/\.zip$/, '')}`);
    expect(existsSync(join(assetDir, 'index.js'))).toBe(true);
    expect(existsSync(join(assetDir, 'index.js.map'))).toBe(true);
    // Packages that read files from beside their code at run time (@cwasm/webp's WebAssembly) find them.
    for (const file of runtimeFiles(REPO_ROOT)) expect(existsSync(join(assetDir, basename(file)))).toBe(true);
    const bundled = readFileSync(join(assetDir, INGEST_CONFIG_FILE_NAME), 'utf8');
    const config = parseConfig(BASE_CONFIG);
    expect(bundled).toBe(functionConfigJson(config));
    const raw = JSON.parse(bundled);
    expect(raw.deployment).toBeUndefined();
    expect(raw.mailboxes[0].companyNumber).toBe('0123456749');
    // What the function reads back is what the stack was built from.
    const { deployment: _ignored, ...expected } = config;
    expect(parseConfig(raw)).toMatchObject(expected);
  });

  it('loads no source map at start: only the ingest function sets NODE_OPTIONS, to --expose-gc, and the bundle maps stacks itself', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    // The positive control: the project's functions are among those checked.
    expect(Object.keys(functions)).toEqual(
      expect.arrayContaining([
        logicalIdOf(synthesized.stack.ingest.function),
        logicalIdOf(synthesized.stack.bodyRenderer.function),
      ]),
    );
    const ingestId = logicalIdOf(synthesized.stack.ingest.function);
    for (const [id, resource] of Object.entries(functions)) {
      const variables = resource.Properties.Environment?.Variables ?? {};
      // gc for pdf.js's copies of large scans (functions/documents/pdf-reader.ts); never source maps.
      if (id === ingestId) expect(variables.NODE_OPTIONS).toBe('--expose-gc');
      else expect(variables).not.toHaveProperty('NODE_OPTIONS');
    }
    // Instead the bundle reads index.js.map (beside it, above) when a stack is first formatted: the
    // hook that functions/shared/lazy-source-maps.ts sets, the bundle's only one.
    const assetDir = join(synthesized.app.outdir, `asset.${fn.Properties.Code.S3Key.replace(/\.zip$/, '')}`);
    expect(readFileSync(join(assetDir, 'index.js'), 'utf8')).toContain('Error.prepareStackTrace=');
  });

  it('logs to its own log group, kept three months by default, in JSON', () => {
    expect(fn.Properties.LoggingConfig).toEqual({
      LogFormat: 'JSON',
      LogGroup: { Ref: id(synthesized.stack.ingest.logGroup) },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('reads the queue one message at a time, with partial batch responses and capped concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [id(synthesized.stack.notifications.queue), 'Arn'] },
      FunctionName: { Ref: id(synthesized.stack.ingest.function) },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('has a role of its own with no managed policies and one inline policy', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: Match.absent(),
      ManagedPolicyArns: Match.absent(),
      Description: 'Runs the mail ingest function',
    });
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: id(synthesized.stack.ingest.role) }] },
    });
    expect(Object.keys(policies)).toHaveLength(1);
  });

  it('may touch only its logs, the secret, the ledger, its bucket prefixes, its queue and the body renderer', () => {
    const [policy] = Object.values(
      template.findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: id(synthesized.stack.ingest.role) }] },
      }),
    );
    const bucketArn = { 'Fn::GetAtt': [id(synthesized.stack.mail.bucket), 'Arn'] };
    const statements = policy?.Properties.PolicyDocument.Statement;
    // The tenth, sending replies from the reply address only, is asserted in feedback.test.ts.
    expect(statements).toHaveLength(9);
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Allow',
          Action: 'lambda:InvokeFunction',
          Resource: { 'Fn::GetAtt': [id(synthesized.stack.bodyRenderer.function), 'Arn'] },
        },
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [id(synthesized.stack.ingest.logGroup), 'Arn'] },
        },
        {
          // A personal access token (the default) is only read: test/infra/clearfacts-secret.test.ts.
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: { Ref: id(synthesized.stack.secret.secret) },
        },
        {
          Effect: 'Allow',
          Action: [...LEDGER_ACTIONS].sort(),
          Resource: { 'Fn::GetAtt': [id(synthesized.stack.ledger.table), 'Arn'] },
        },
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: { 'Fn::Join': ['', [bucketArn, '/inbound/*']] },
        },
        {
          // Only so that a missing message answers NoSuchKey: listing is limited to the raw-mail prefix.
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: bucketArn,
          Condition: { StringLike: { 's3:prefix': 'inbound/*' } },
        },
        {
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: { 'Fn::Join': ['', [bucketArn, '/reports/*']] },
        },
        {
          Effect: 'Allow',
          Action: expect.arrayContaining([
            'sqs:ReceiveMessage',
            'sqs:DeleteMessage',
            'sqs:ChangeMessageVisibility',
          ]),
          Resource: { 'Fn::GetAtt': [id(synthesized.stack.notifications.queue), 'Arn'] },
        },
      ]),
    );
    expect(JSON.stringify(statements)).not.toMatch(/dynamodb:Scan|s3:DeleteObject|"\*"/);
  });

  it('may call exactly the DynamoDB actions the function code sends, on the ledger only', () => {
    const [policy] = Object.values(
      template.findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: id(synthesized.stack.ingest.role) }] },
      }),
    );
    const statements: { Action: unknown }[] = policy?.Properties.PolicyDocument.Statement;
    const dynamoStatements = statements.filter((statement) =>
      [statement.Action].flat().some((action) => String(action).startsWith('dynamodb:')),
    );
    expect(dynamoStatements).toEqual([
      {
        Effect: 'Allow',
        Action: dynamoDbActionsInCode(),
        Resource: { 'Fn::GetAtt': [id(synthesized.stack.ledger.table), 'Arn'] },
      },
    ]);
    expect(dynamoDbActionsInCode()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
  });

  it('waits for its permissions before it exists, so the event source can start at once', () => {
    const policyId = Object.keys(
      template.findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: id(synthesized.stack.ingest.role) }] },
      }),
    )[0];
    expect(fn.DependsOn).toContain(policyId);
  });
});

describe('the ledger and the secret', () => {
  let synthesized: SynthesizedStack;
  beforeAll(() => {
    synthesized = synthStack();
  });

  it('keeps the ledger on demand, recoverable, encrypted, expiring by TTL, and past the stack', () => {
    synthesized.template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
      DeletionPolicy: 'Retain',
    });
  });

  it('creates the token secret with an empty placeholder, kept past the stack', () => {
    synthesized.template.hasResource('AWS::SecretsManager::Secret', {
      Properties: {
        Name: 'TestStack/clearfacts-token',
        SecretString: '{"token":""}',
        GenerateSecretString: Match.absent(),
      },
      DeletionPolicy: 'Retain',
    });
  });
});

describe('the ingest function with admin choices', () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = synthStack(
      withDeployment({
        existingSecretName: 'clearfacts/api-token',
        clearfactsAuth: 'oidc',
        maxConcurrency: 12,
        logRetentionDays: 30,
      }),
    ));
  });

  it('uses the named secret instead of creating one, and may read only that one', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ CLEARFACTS_SECRET_ID: 'clearfacts/api-token' }) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            // OpenID Connect credentials: read, and refreshed tokens written back (one merged statement).
            Effect: 'Allow',
            Action: [
              'secretsmanager:GetSecretValue',
              'secretsmanager:PutSecretValue',
              'secretsmanager:UpdateSecretVersionStage',
            ],
            Resource: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:clearfacts/api-token-??????',
          },
        ]),
      },
    });
  });

  it('applies the configured concurrency cap and log retention', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 12 },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });
});

/**
 * The DynamoDB actions the function's code can call: every `…Command` it imports from the DynamoDB
 * SDK packages, named as IAM names them (the document client's `GetCommand` is `GetItem`).
 */
function dynamoDbActionsInCode(): string[] {
  const FUNCTIONS_DIR = join(REPO_ROOT, 'functions');
  const documentClientItems: Record<string, string> = {
    Get: 'GetItem',
    Put: 'PutItem',
    Update: 'UpdateItem',
    Delete: 'DeleteItem',
  };
  const actions = new Set<string>();
  const files = readdirSync(FUNCTIONS_DIR, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.ts') && !file.startsWith(`cli${sep}`),
  );
  for (const file of files) {
    const source = readFileSync(join(FUNCTIONS_DIR, file), 'utf8');
    for (const match of source.matchAll(
      /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/(?:lib|client)-dynamodb'/g,
    )) {
      for (const name of (match[1] ?? '').split(',').map((part) => part.trim())) {
        const command = /^(\w+)Command$/.exec(name)?.[1];
        if (command !== undefined) actions.add(`dynamodb:${documentClientItems[command] ?? command}`);
      }
    }
  }
  return [...actions].sort();
}
