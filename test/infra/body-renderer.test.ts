import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { CHROMIUM_PACK_DIR } from '../../functions/render/lambda-chromium';
import { FUNCTION_ENV } from '../../functions/shared/stack-contract';
import { BodyRenderer } from '../../infra/constructs/body-renderer';

const ENV = { account: '111122223333', region: 'eu-west-1' };

/** A stack with the renderer and a function that uses it, like the ingest function does. */
function rendererStack(app: App): { stack: Stack; renderer: BodyRenderer; consumer: lambda.Function } {
  const stack = new Stack(app, 'RendererStack', { env: ENV });
  const renderer = new BodyRenderer(stack, 'BodyRenderer');
  const consumer = new lambda.Function(stack, 'Consumer', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
  });
  renderer.grantRenderTo(consumer);
  return { stack, renderer, consumer };
}

describe('the body renderer', () => {
  // Bundling copies Chromium (about 70 MB): only the asset test below does it.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const { stack, renderer, consumer } = rendererStack(app);
  const template = Template.fromStack(stack);
  const id = (construct: IConstruct | undefined): string =>
    stack.getLogicalId(construct?.node.defaultChild as CfnElement);

  it('runs Chromium on x86_64 (the build npm ships) with memory and a minute to render', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('Renders mail bodies to PDF'),
      Runtime: 'nodejs22.x',
      Architectures: ['x86_64'],
      MemorySize: 2048,
      Timeout: 60,
      Handler: 'index.handler',
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
    });
  });

  it('may only write its own logs', () => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: id(renderer.role) }] },
    });
    const statements = Object.values(policies).flatMap(
      (policy) =>
        (policy as { Properties: { PolicyDocument: { Statement: unknown[] } } }).Properties.PolicyDocument
          .Statement,
    );
    expect(statements).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [id(renderer.logGroup), 'Arn'] },
      }),
    ]);
  });

  it('lets the consumer invoke this function only, and tells it the name', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'lambda:InvokeFunction',
            Resource: { 'Fn::GetAtt': [id(renderer.function), 'Arn'] },
          },
        ],
      },
      Roles: [{ Ref: id(consumer.role) }],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Environment: { Variables: { [FUNCTION_ENV.renderFunction]: { Ref: id(renderer.function) } } },
    });
  });

  it('passes cdk-nag AwsSolutions without findings on its own resources', () => {
    const report = new AwsSolutionsChecks(app, { verbose: true }).validateScope(stack);
    const ours = report.violations
      .filter((violation) => violation.severity === 'error' || violation.severity === 'warning')
      .flatMap((violation) =>
        violation.violatingResources
          .filter((resource) => resource.constructPath?.includes('/BodyRenderer/') === true)
          .map((resource) => `${violation.ruleName}: ${resource.constructPath}`),
      );
    expect(ours).toEqual([]);
  });
});

describe('the body renderer asset', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'renderer-asset-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('holds the bundle, Playwright and the packed Chromium, with nothing installed at synth', () => {
    const app = new App({ outdir });
    rendererStack(app);
    app.synth();

    const asset = readdirSync(outdir)
      .filter((name) => name.startsWith('asset.'))
      .map((name) => join(outdir, name))
      .find((dir) => existsSync(join(dir, CHROMIUM_PACK_DIR)));
    expect(asset).toBeDefined();
    const files = [
      'index.js',
      'node_modules/playwright-core/package.json',
      `${CHROMIUM_PACK_DIR}/chromium.br`,
    ];
    for (const file of files) expect(existsSync(join(asset ?? '', file))).toBe(true);
    // Bundled, not installed: no other package came along.
    expect(readdirSync(join(asset ?? '', 'node_modules'))).toEqual(['playwright-core']);
  });
});
