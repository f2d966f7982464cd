import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { parseConfig } from '../../functions/config/load-config';
import { domainIdentityMode } from '../../infra/domain-identity';
import { MailIngestStack } from '../../infra/stacks/mail-ingest-stack';

/** The repository root. */
export const REPO_ROOT = join(__dirname, '..', '..');

/** A small valid config; tests spread their changes over it. */
export const BASE_CONFIG = {
  domain: 'invoices.example.com',
  mailboxes: [
    { address: 'acme', companyNumber: 'BE 0123.456.749', name: 'Acme NV' },
    { address: 'peeters', companyNumber: 'BE0203.201.340' },
  ],
  deployment: { region: 'eu-west-1', account: '111122223333', alarmEmail: 'it@example.be' },
};

/** The feature flags from cdk.json, so tests synthesize what `cdk synth` does. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

/** What a synthesized test stack offers. */
export interface SynthesizedStack {
  readonly app: App;
  readonly stack: MailIngestStack;
  readonly template: Template;
}

/**
 * Builds the stack from a raw config, as the app does. Bundling the function takes seconds, so it
 * is skipped unless a test looks at the asset; call this once per file, in `beforeAll`.
 */
export function synthStack(
  rawConfig: unknown = BASE_CONFIG,
  options: { bundle?: boolean; stage?: string } = {},
): SynthesizedStack {
  const config = parseConfig(rawConfig);
  const context = { ...cdkJsonContext(), ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) };
  const app = new App({ context });
  const { region, account } = config.deployment;
  const stack = new MailIngestStack(app, 'TestStack', {
    config,
    env: { region, account },
    domainIdentity: domainIdentityMode(config, options.stage),
  });
  return { app, stack, template: Template.fromStack(stack) };
}

/** BASE_CONFIG with some deployment options changed. */
export function withDeployment(deployment: Record<string, unknown>): unknown {
  return { ...BASE_CONFIG, deployment: { ...BASE_CONFIG.deployment, ...deployment } };
}

/** The logical id of an L2 construct's CloudFormation resource, for `Ref` and `Fn::GetAtt` assertions. */
export function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}
