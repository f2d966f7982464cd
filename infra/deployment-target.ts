import type { Config } from '../functions/config/config-schema';
import { DEFAULT_REPORTS_PREFIX } from '../functions/reports/s3-report-store';
import { ConfigError } from '../functions/shared/errors';
import { receivesEmail, SES_EMAIL_RECEIVING_REGIONS } from './ses-regions';

/** Where the stack goes. The region is always concrete: the MX record and the region check need it. */
export interface DeploymentTarget {
  readonly region: string;
  /** Absent: an account-agnostic template (fine for synth; deploy fills it in). */
  readonly account?: string;
}

/** The environment variables the CDK CLI sets from the admin's AWS profile, when there is one. */
export interface CliEnvironment {
  readonly CDK_DEFAULT_REGION?: string;
  readonly CDK_DEFAULT_ACCOUNT?: string;
}

/**
 * Checks what only synth can check and picks the target: the config's `deployment.region` wins
 * (the admin wrote it down on purpose), else the CLI's region. Errors name the config field.
 */
export function resolveDeploymentTarget(config: Config, cli: CliEnvironment = process.env): DeploymentTarget {
  const { deployment } = config;
  const region = deployment.region ?? cli.CDK_DEFAULT_REGION;
  if (region === undefined || region === '') {
    throw new ConfigError(
      `deployment.region: no AWS region given and none configured in the AWS CLI; set it to one that receives email: ${SES_EMAIL_RECEIVING_REGIONS.join(', ')}`,
    );
  }
  if (!receivesEmail(region)) {
    throw new ConfigError(
      `deployment.region: SES does not receive email in ${region}; use one of ${SES_EMAIL_RECEIVING_REGIONS.join(', ')}`,
    );
  }
  const zone = deployment.hostedZone;
  if (zone !== undefined) {
    const zoneName = zone.name.replace(/\.$/, '');
    if (config.domain !== zoneName && !config.domain.endsWith(`.${zoneName}`)) {
      throw new ConfigError(
        `deployment.hostedZone.name: the zone ${zoneName} cannot hold records for ${config.domain} (expected the domain or a parent of it)`,
      );
    }
  }
  const raw = deployment.rawMailPrefix;
  if (raw.startsWith(DEFAULT_REPORTS_PREFIX) || DEFAULT_REPORTS_PREFIX.startsWith(raw)) {
    throw new ConfigError(
      `deployment.rawMailPrefix: "${raw}" overlaps the reports prefix "${DEFAULT_REPORTS_PREFIX}"; their lifecycles must stay apart`,
    );
  }
  const account = deployment.account ?? cli.CDK_DEFAULT_ACCOUNT;
  return account === undefined || account === '' ? { region } : { region, account };
}
