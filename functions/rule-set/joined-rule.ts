import {
  CreateReceiptRuleCommand,
  DeleteReceiptRuleCommand,
  DescribeActiveReceiptRuleSetCommand,
  type SESClient,
  SetReceiptRulePositionCommand,
  UpdateReceiptRuleCommand,
} from '@aws-sdk/client-ses';
import { type ReceiptRuleSpec, receiptRule } from './receipt-rule-definition';
import { RuleSetConflictError } from './rule-set-errors';
import { awsErrorName, isMissing } from './ses-errors';

/** Where `join` put our rule, kept in the custom resource's physical id for the delete. */
export interface JoinedRule {
  readonly ruleSetName: string;
  readonly ruleName: string;
}

const PHYSICAL_ID = /^receipt-rule-set\/([^/]+)\/receipt-rule\/([^/]+)$/;

/** `receipt-rule-set/<set>/receipt-rule/<rule>`; SES names hold no "/". */
export function joinedRuleId(joined: JoinedRule): string {
  return `receipt-rule-set/${joined.ruleSetName}/receipt-rule/${joined.ruleName}`;
}

/** Reads back `joinedRuleId`; undefined for an id this code did not make (a failed create's). */
export function parseJoinedRuleId(id: string): JoinedRule | undefined {
  const match = PHYSICAL_ID.exec(id);
  return match?.[1] === undefined || match[2] === undefined
    ? undefined
    : { ruleSetName: match[1], ruleName: match[2] };
}

/**
 * `join` mode, create: add our rule to whichever set is active, first or after the rule `after`.
 * Which set is active never changes. With none active there is nothing to join: refuse.
 */
export async function joinActiveRuleSet(
  ses: SESClient,
  spec: ReceiptRuleSpec,
  after: string | undefined,
): Promise<JoinedRule> {
  const active = await ses.send(new DescribeActiveReceiptRuleSetCommand({}));
  const ruleSetName = active.Metadata?.Name;
  if (ruleSetName === undefined) {
    throw new RuleSetConflictError(
      'deployment.ruleSet.mode is "join", but no receipt rule set is active in this region: there is nothing to join. Use "own" to create and activate this stack\'s rule set.',
    );
  }
  try {
    await ses.send(
      new CreateReceiptRuleCommand({
        RuleSetName: ruleSetName,
        Rule: receiptRule(spec),
        ...(after === undefined ? {} : { After: after }),
      }),
    );
  } catch (error) {
    if (awsErrorName(error) === 'RuleDoesNotExistException' && after !== undefined) {
      throw new RuleSetConflictError(
        `deployment.ruleSet.after: the active receipt rule set "${ruleSetName}" has no rule "${after}" to place this stack's rule after`,
        { cause: error },
      );
    }
    throw error;
  }
  return { ruleSetName, ruleName: spec.ruleName };
}

/** `join` mode, update: the same rule, same set, new settings and position. */
export async function updateJoinedRule(
  ses: SESClient,
  joined: JoinedRule,
  spec: ReceiptRuleSpec,
  after: string | undefined,
): Promise<void> {
  await ses.send(new UpdateReceiptRuleCommand({ RuleSetName: joined.ruleSetName, Rule: receiptRule(spec) }));
  await ses.send(
    new SetReceiptRulePositionCommand({
      RuleSetName: joined.ruleSetName,
      RuleName: joined.ruleName,
      ...(after === undefined ? {} : { After: after }),
    }),
  );
}

/** `join` mode, delete: remove exactly our rule; already gone (or its set gone) is fine. */
export async function leaveRuleSet(ses: SESClient, joined: JoinedRule): Promise<void> {
  try {
    await ses.send(
      new DeleteReceiptRuleCommand({ RuleSetName: joined.ruleSetName, RuleName: joined.ruleName }),
    );
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}
