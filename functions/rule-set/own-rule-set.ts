import {
  DescribeActiveReceiptRuleSetCommand,
  DescribeReceiptRuleSetCommand,
  type SESClient,
  SetActiveReceiptRuleSetCommand,
} from '@aws-sdk/client-ses';
import { RuleSetConflictError } from './rule-set-errors';
import { isMissing } from './ses-errors';

/**
 * What an activation did, kept in the custom resource's physical id (CloudFormation passes only that
 * and the properties to a delete): our rule set, and the set that was active before it, if any.
 */
export interface OwnActivation {
  readonly ruleSetName: string;
  readonly previous?: string;
}

const PHYSICAL_ID = /^receipt-rule-set\/([^/]+)(?:\/previous\/([^/]+))?$/;

/** `receipt-rule-set/<ours>` or `receipt-rule-set/<ours>/previous/<theirs>`; rule set names hold no "/". */
export function ownActivationId(activation: OwnActivation): string {
  const base = `receipt-rule-set/${activation.ruleSetName}`;
  return activation.previous === undefined ? base : `${base}/previous/${activation.previous}`;
}

/** Reads back `ownActivationId`; undefined for an id this code did not make (a failed create's). */
export function parseOwnActivationId(id: string): OwnActivation | undefined {
  const match = PHYSICAL_ID.exec(id);
  if (match?.[1] === undefined) return undefined;
  return match[2] === undefined ? { ruleSetName: match[1] } : { ruleSetName: match[1], previous: match[2] };
}

/**
 * `own` mode, create: activate our rule set only if that breaks nothing. Nothing active: ours becomes
 * active. Ours already active: nothing to do. Another set active but holding no rules (it receives
 * nothing, so replacing it stops nothing): ours replaces it and the delete gives it back. Another set
 * active with rules: refuse, naming it and the two modes that leave it alone.
 */
export async function activateOwnRuleSet(ses: SESClient, ruleSetName: string): Promise<OwnActivation> {
  const active = await ses.send(new DescribeActiveReceiptRuleSetCommand({}));
  const activeName = active.Metadata?.Name;
  if (activeName === ruleSetName) return { ruleSetName };
  const rules = active.Rules?.length ?? 0;
  if (activeName !== undefined && rules > 0) {
    throw new RuleSetConflictError(
      `SES in this region already receives mail with the active receipt rule set "${activeName}" (${rules} rule${rules === 1 ? '' : 's'}); activating "${ruleSetName}" instead would stop that mail. ` +
        `Set deployment.ruleSet.mode to "join" to add this stack's rule to "${activeName}", or to "none" to create "${ruleSetName}" inactive and activate it yourself (see docs/deploying.md).`,
    );
  }
  await ses.send(new SetActiveReceiptRuleSetCommand({ RuleSetName: ruleSetName }));
  return activeName === undefined ? { ruleSetName } : { ruleSetName, previous: activeName };
}

/**
 * `own` mode, delete: touch receiving only if our set is the active one. Then give the previous set
 * back if one was recorded and still exists, else deactivate (SES will not delete an active set).
 * Another active set means an admin chose it: it stays.
 */
export async function releaseOwnRuleSet(ses: SESClient, activation: OwnActivation): Promise<void> {
  const active = await ses.send(new DescribeActiveReceiptRuleSetCommand({}));
  if (active.Metadata?.Name !== activation.ruleSetName) return;
  if (activation.previous !== undefined && (await ruleSetExists(ses, activation.previous))) {
    await ses.send(new SetActiveReceiptRuleSetCommand({ RuleSetName: activation.previous }));
    return;
  }
  // No name: SES's documented way to deactivate the active set, and only ours is active here.
  await ses.send(new SetActiveReceiptRuleSetCommand({}));
}

async function ruleSetExists(ses: SESClient, ruleSetName: string): Promise<boolean> {
  try {
    await ses.send(new DescribeReceiptRuleSetCommand({ RuleSetName: ruleSetName }));
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}
