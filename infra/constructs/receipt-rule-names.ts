import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The receipt rule set and rule, by literal name. Policies on the bucket, the topic and its key
 * name the rule's ARN; built from literals it needs no reference to the rule, which depends on
 * those policies (a reference would be a cycle).
 */
export interface ReceiptRuleNames {
  readonly ruleSetName: string;
  readonly ruleName: string;
}

/**
 * Names derived from the stack's, so that two stages can share an account, and a rule added to
 * an existing rule set does not collide with another stage's.
 */
export function defaultReceiptRuleNames(stackName: string): ReceiptRuleNames {
  return { ruleSetName: stackName, ruleName: `${stackName}-receive` };
}

/**
 * Stands for the rule set's name when it is only known at deploy time (`join` adds the rule to
 * whichever set is active): conditions then match the rule by its own, stack-derived name.
 */
export const ANY_RULE_SET = '*';

/** `arn:aws:ses:<region>:<account>:receipt-rule-set/<set>:receipt-rule/<rule>`: what SES sends as `aws:SourceArn`. */
export function receiptRuleArn(scope: IConstruct, names: ReceiptRuleNames): string {
  return Stack.of(scope).formatArn({
    service: 'ses',
    resource: 'receipt-rule-set',
    resourceName: `${names.ruleSetName}:receipt-rule/${names.ruleName}`,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/**
 * The conditions that let SES act only for this account's rule: `aws:SourceAccount` and `aws:SourceArn`
 * as the SES guide gives them for the bucket policy, with `ArnLike` when the rule set is `ANY_RULE_SET`.
 */
export function fromReceiptRule(
  scope: IConstruct,
  names: ReceiptRuleNames,
): Record<string, Record<string, string>> {
  const account = Stack.of(scope).account;
  const arn = receiptRuleArn(scope, names);
  return names.ruleSetName === ANY_RULE_SET
    ? { StringEquals: { 'aws:SourceAccount': account }, ArnLike: { 'aws:SourceArn': arn } }
    : { StringEquals: { 'aws:SourceAccount': account, 'aws:SourceArn': arn } };
}
