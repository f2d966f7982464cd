import { SESClient } from '@aws-sdk/client-ses';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { z } from 'zod';
import { InvalidInputError } from '../shared/errors';
import {
  joinActiveRuleSet,
  joinedRuleId,
  leaveRuleSet,
  parseJoinedRuleId,
  updateJoinedRule,
} from './joined-rule';
import { activateOwnRuleSet, ownActivationId, parseOwnActivationId, releaseOwnRuleSet } from './own-rule-set';
import type { ReceiptRuleSpec } from './receipt-rule-definition';

/** The custom resource type of `own` mode: our rule set made active, the previous one given back. */
export const OWN_RULE_SET_TYPE = 'Custom::ActiveReceiptRuleSet';

/** The custom resource type of `join` mode: our rule inside the account's active rule set. */
export const JOINED_RULE_TYPE = 'Custom::JoinedReceiptRule';

/** What the CDK `Provider` framework expects back. */
export interface ProviderResult {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

const ownProperties = z.object({ RuleSetName: z.string().min(1) });

// CloudFormation passes every property as a string; the rule's booleans live in receipt-rule-definition.ts.
const joinedProperties = z.object({
  RuleName: z.string().min(1),
  Domain: z.string().min(1),
  BucketName: z.string().min(1),
  ObjectKeyPrefix: z.string(),
  TopicArn: z.string().min(1),
  After: z.string().min(1).optional(),
});

/**
 * The Provider's onEvent: looks at what is active before it acts (`own`), or adds and removes
 * exactly our rule (`join`). A thrown error fails the deploy with its message.
 */
export async function onRuleSetEvent(
  event: CloudFormationCustomResourceEvent,
  ses: SESClient = new SESClient({}),
): Promise<ProviderResult> {
  if (event.ResourceType === OWN_RULE_SET_TYPE) return onOwnEvent(event, ses);
  if (event.ResourceType === JOINED_RULE_TYPE) return onJoinedEvent(event, ses);
  throw new InvalidInputError(`Unknown custom resource type ${event.ResourceType}`);
}

async function onOwnEvent(event: CloudFormationCustomResourceEvent, ses: SESClient): Promise<ProviderResult> {
  if (event.RequestType === 'Delete') {
    const activation = parseOwnActivationId(event.PhysicalResourceId);
    // A create that failed left no activation behind: nothing to undo.
    if (activation !== undefined) await releaseOwnRuleSet(ses, activation);
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const { RuleSetName } = parse(ownProperties, event.ResourceProperties);
  if (event.RequestType === 'Update') {
    const before = parseOwnActivationId(event.PhysicalResourceId);
    // Same set: keep what the create recorded; a new id would make CloudFormation delete the old one.
    if (before?.ruleSetName === RuleSetName) {
      const now = await activateOwnRuleSet(ses, RuleSetName);
      return { PhysicalResourceId: ownActivationId({ ...now, ...before }) };
    }
  }
  return { PhysicalResourceId: ownActivationId(await activateOwnRuleSet(ses, RuleSetName)) };
}

async function onJoinedEvent(
  event: CloudFormationCustomResourceEvent,
  ses: SESClient,
): Promise<ProviderResult> {
  if (event.RequestType === 'Delete') {
    const joined = parseJoinedRuleId(event.PhysicalResourceId);
    if (joined !== undefined) await leaveRuleSet(ses, joined);
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const properties = parse(joinedProperties, event.ResourceProperties);
  const spec: ReceiptRuleSpec = {
    ruleName: properties.RuleName,
    domain: properties.Domain,
    bucketName: properties.BucketName,
    objectKeyPrefix: properties.ObjectKeyPrefix,
    topicArn: properties.TopicArn,
  };
  if (event.RequestType === 'Update') {
    const joined = parseJoinedRuleId(event.PhysicalResourceId);
    if (joined?.ruleName === spec.ruleName) {
      await updateJoinedRule(ses, joined, spec, properties.After);
      return { PhysicalResourceId: event.PhysicalResourceId, Data: { RuleSetName: joined.ruleSetName } };
    }
  }
  // A new rule name: a new rule; the new id makes CloudFormation delete the old rule afterwards.
  const joined = await joinActiveRuleSet(ses, spec, properties.After);
  return { PhysicalResourceId: joinedRuleId(joined), Data: { RuleSetName: joined.ruleSetName } };
}

function parse<T>(schema: z.ZodType<T>, properties: unknown): T {
  const result = schema.safeParse(properties);
  if (!result.success) {
    throw new InvalidInputError(`Invalid custom resource properties: ${z.prettifyError(result.error)}`, {
      cause: result.error,
    });
  }
  return result.data;
}
