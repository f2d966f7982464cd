import { resolve } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfigFile } from '../functions/config/load-config';
import { ConfigError } from '../functions/shared/errors';
import { stackNameFor } from '../functions/shared/stack-name';
import { resolveDeploymentTarget } from './deployment-target';
import { domainIdentityMode } from './domain-identity';
import { MailIngestStack } from './stacks/mail-ingest-stack';

/** The config used when `-c config=<path>` is not given. */
const DEFAULT_CONFIG_PATH = 'config/example.json';

const app = new App();
const configPath = resolve(String(app.node.tryGetContext('config') ?? DEFAULT_CONFIG_PATH));
try {
  const config = loadConfigFile(configPath);
  const target = resolveDeploymentTarget(config);
  const stage: unknown = app.node.tryGetContext('stage');
  const stackName = stackNameFor(stage);
  new MailIngestStack(app, stackName, {
    config,
    domainIdentity: domainIdentityMode(config, stage === undefined ? undefined : String(stage)),
    env: target,
    description: `Mail for ${config.domain} into Clearfacts`,
  });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // The admin's mistake, not ours: the message names the field; a stack trace would bury it.
  console.error(error.message);
  process.exit(1);
}
// Fails synth on any AwsSolutions finding that is not acknowledged next to its resource.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
