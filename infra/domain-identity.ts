import type { Config } from '../functions/config/config-schema';
import { ConfigError } from '../functions/shared/errors';

/** What the stack does about the domain's SES identity. */
export type DomainIdentityMode = 'create' | 'existing';

/**
 * Decides at synth whether the stack creates the domain's SES identity, so a second stage never
 * fails halfway through its deploy with `AlreadyExists`: SES has one identity per domain, account
 * and region, and synth cannot look into the account (no credentials). A stage therefore says which
 * it is; the default stack, the usual single deployment, creates it. A stack that uses another
 * stage's identity must not receive alongside it: both would deliver every invoice of the domain.
 */
export function domainIdentityMode(config: Config, stage: string | undefined): DomainIdentityMode {
  const { domainIdentity, ruleSet } = config.deployment;
  if (domainIdentity === undefined) {
    if (stage === undefined) return 'create';
    throw new ConfigError(
      `deployment.domainIdentity: the stage "${stage}" may share ${config.domain} with another stage of this account, ` +
        'and SES has one identity per domain: set "create" if no other stack in this account and region receives ' +
        `${config.domain}, or "existing" to use the identity another stage created (with deployment.ruleSet "none")`,
    );
  }
  if (domainIdentity === 'existing' && ruleSet.mode !== 'none') {
    throw new ConfigError(
      `deployment.ruleSet: "${ruleSet.mode}" would make this stack receive ${config.domain} beside the stage ` +
        'that created its identity, and both would deliver every invoice; use { "mode": "none" } and activate ' +
        'one stage at a time (docs/deploying.md)',
    );
  }
  return domainIdentity;
}
