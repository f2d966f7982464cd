import {
  CreateReceiptRuleCommand,
  DeleteReceiptRuleCommand,
  DescribeActiveReceiptRuleSetCommand,
  DescribeReceiptRuleSetCommand,
  SESClient,
  SetActiveReceiptRuleSetCommand,
  SetReceiptRulePositionCommand,
  UpdateReceiptRuleCommand,
} from '@aws-sdk/client-ses';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { RuleSetConflictError } from '../../functions/rule-set/rule-set-errors';
import { JOINED_RULE_TYPE, OWN_RULE_SET_TYPE, onRuleSetEvent } from '../../functions/rule-set/rule-set-event';

const ses = mockClient(SESClient);
const client = new SESClient({ region: 'eu-west-1' });

const OURS = 'ClearfactsMailIngest';
const RULE = 'ClearfactsMailIngest-receive';
const JOIN_PROPERTIES = {
  ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:provider',
  RuleName: RULE,
  Domain: 'invoices.example.com',
  BucketName: 'mail-bucket',
  ObjectKeyPrefix: 'inbound/',
  TopicArn: 'arn:aws:sns:eu-west-1:111122223333:mail',
};

/** A CloudFormation custom resource event as the Provider framework passes it on. */
function event(
  requestType: 'Create' | 'Update' | 'Delete',
  resourceType: string,
  properties: Record<string, string>,
  physicalResourceId = 'none',
): CloudFormationCustomResourceEvent {
  const common = {
    ServiceToken: properties.ServiceToken ?? 'token',
    ResponseURL: 'https://example.invalid/response',
    StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/S/1',
    RequestId: 'request-1',
    LogicalResourceId: 'Activation',
    ResourceType: resourceType,
    ResourceProperties: { ServiceToken: 'token', ...properties },
  };
  if (requestType === 'Create') return { ...common, RequestType: 'Create' };
  if (requestType === 'Update') {
    return {
      ...common,
      RequestType: 'Update',
      PhysicalResourceId: physicalResourceId,
      OldResourceProperties: { ServiceToken: 'token' },
    };
  }
  return { ...common, RequestType: 'Delete', PhysicalResourceId: physicalResourceId };
}

/** CloudFormation deletes our own rule set, whose physical id recorded what was active before it. */
function deleteOurs(physicalResourceId: string): ReturnType<typeof onRuleSetEvent> {
  return onRuleSetEvent(
    event('Delete', OWN_RULE_SET_TYPE, { RuleSetName: OURS }, physicalResourceId),
    client,
  );
}

/** CloudFormation deletes our rule from the rule set `company-inbound`, which it joined. */
function deleteJoinedRule(): ReturnType<typeof onRuleSetEvent> {
  return onRuleSetEvent(
    event(
      'Delete',
      JOINED_RULE_TYPE,
      JOIN_PROPERTIES,
      `receipt-rule-set/company-inbound/receipt-rule/${RULE}`,
    ),
    client,
  );
}

function activeSet(name: string | undefined, ruleNames: string[] = []): void {
  ses
    .on(DescribeActiveReceiptRuleSetCommand)
    .resolves(
      name === undefined ? {} : { Metadata: { Name: name }, Rules: ruleNames.map((Name) => ({ Name })) },
    );
}

function activations(): (string | undefined)[] {
  return ses.commandCalls(SetActiveReceiptRuleSetCommand).map((call) => call.args[0].input.RuleSetName);
}

beforeEach(() => {
  ses.reset();
});

describe('own mode', () => {
  it('activates our rule set when none is active', async () => {
    activeSet(undefined);
    const result = await onRuleSetEvent(event('Create', OWN_RULE_SET_TYPE, { RuleSetName: OURS }), client);
    expect(activations()).toEqual([OURS]);
    expect(result.PhysicalResourceId).toBe(`receipt-rule-set/${OURS}`);
  });

  it('fails when another rule set with rules is active, naming it and the other two modes', async () => {
    activeSet('company-inbound', ['crm', 'helpdesk']);
    const create = onRuleSetEvent(event('Create', OWN_RULE_SET_TYPE, { RuleSetName: OURS }), client);
    await expect(create).rejects.toThrow(RuleSetConflictError);
    await expect(create).rejects.toThrow(/"company-inbound" \(2 rules\).*"join".*"none"/);
    expect(activations()).toEqual([]);
  });

  it('replaces an active rule set that holds no rules, and records it to give back', async () => {
    activeSet('default-rule-set', []);
    const result = await onRuleSetEvent(event('Create', OWN_RULE_SET_TYPE, { RuleSetName: OURS }), client);
    expect(activations()).toEqual([OURS]);
    expect(result.PhysicalResourceId).toBe(`receipt-rule-set/${OURS}/previous/default-rule-set`);
  });

  it('on delete, reactivates the recorded previous rule set when ours is active', async () => {
    activeSet(OURS, [RULE]);
    ses.on(DescribeReceiptRuleSetCommand, { RuleSetName: 'default-rule-set' }).resolves({});
    await deleteOurs(`receipt-rule-set/${OURS}/previous/default-rule-set`);
    expect(activations()).toEqual(['default-rule-set']);
  });

  it('on delete, deactivates when ours is active and nothing was active before', async () => {
    activeSet(OURS, [RULE]);
    await deleteOurs(`receipt-rule-set/${OURS}`);
    expect(ses.commandCalls(SetActiveReceiptRuleSetCommand).map((call) => call.args[0].input)).toEqual([{}]);
  });

  it('on delete, deactivates when the recorded previous rule set no longer exists', async () => {
    activeSet(OURS, [RULE]);
    ses
      .on(DescribeReceiptRuleSetCommand)
      .rejects(Object.assign(new Error('gone'), { name: 'RuleSetDoesNotExistException' }));
    await deleteOurs(`receipt-rule-set/${OURS}/previous/old-set`);
    expect(ses.commandCalls(SetActiveReceiptRuleSetCommand).map((call) => call.args[0].input)).toEqual([{}]);
  });

  it('on delete, leaves another active rule set untouched', async () => {
    activeSet('company-inbound', ['crm']);
    await deleteOurs(`receipt-rule-set/${OURS}/previous/default-rule-set`);
    expect(ses.commandCalls(SetActiveReceiptRuleSetCommand)).toHaveLength(0);
    expect(ses.commandCalls(DescribeActiveReceiptRuleSetCommand)).toHaveLength(1);
  });

  it('on the delete of a create that failed, calls nothing that changes receiving', async () => {
    activeSet(OURS, [RULE]);
    await deleteOurs('request-1');
    expect(ses.commandCalls(SetActiveReceiptRuleSetCommand)).toHaveLength(0);
  });

  it('on update, keeps the recorded previous rule set while ours stays active', async () => {
    activeSet(OURS, [RULE]);
    const id = `receipt-rule-set/${OURS}/previous/default-rule-set`;
    const result = await onRuleSetEvent(
      event('Update', OWN_RULE_SET_TYPE, { RuleSetName: OURS }, id),
      client,
    );
    expect(result.PhysicalResourceId).toBe(id);
    expect(activations()).toEqual([]);
  });
});

describe('join mode', () => {
  it('adds our rule first in the active rule set and never changes which set is active', async () => {
    activeSet('company-inbound', ['crm']);
    const result = await onRuleSetEvent(event('Create', JOINED_RULE_TYPE, JOIN_PROPERTIES), client);
    const creates = ses.commandCalls(CreateReceiptRuleCommand).map((call) => call.args[0].input);
    expect(creates).toEqual([
      {
        RuleSetName: 'company-inbound',
        Rule: {
          Name: RULE,
          Enabled: true,
          TlsPolicy: 'Require',
          ScanEnabled: true,
          Recipients: ['invoices.example.com'],
          Actions: [
            {
              S3Action: {
                BucketName: 'mail-bucket',
                ObjectKeyPrefix: 'inbound/',
                TopicArn: 'arn:aws:sns:eu-west-1:111122223333:mail',
              },
            },
          ],
        },
      },
    ]);
    expect(result).toEqual({
      PhysicalResourceId: `receipt-rule-set/company-inbound/receipt-rule/${RULE}`,
      Data: { RuleSetName: 'company-inbound' },
    });
    expect(ses.commandCalls(SetActiveReceiptRuleSetCommand)).toHaveLength(0);
  });

  it('places our rule after the named rule', async () => {
    activeSet('company-inbound', ['crm']);
    await onRuleSetEvent(event('Create', JOINED_RULE_TYPE, { ...JOIN_PROPERTIES, After: 'crm' }), client);
    expect(ses.commandCalls(CreateReceiptRuleCommand)[0]?.args[0].input.After).toBe('crm');
  });

  it('fails with the field named when the rule to follow is not in the active set', async () => {
    activeSet('company-inbound', ['crm']);
    ses
      .on(CreateReceiptRuleCommand)
      .rejects(
        Object.assign(new Error('Rule does not exist: helpdesk'), { name: 'RuleDoesNotExistException' }),
      );
    await expect(
      onRuleSetEvent(event('Create', JOINED_RULE_TYPE, { ...JOIN_PROPERTIES, After: 'helpdesk' }), client),
    ).rejects.toThrow(/deployment\.ruleSet\.after: .*"company-inbound" has no rule "helpdesk"/);
  });

  it('fails when no rule set is active, pointing at own mode', async () => {
    activeSet(undefined);
    await expect(onRuleSetEvent(event('Create', JOINED_RULE_TYPE, JOIN_PROPERTIES), client)).rejects.toThrow(
      /no receipt rule set is active.*"own"/,
    );
    expect(ses.commandCalls(CreateReceiptRuleCommand)).toHaveLength(0);
  });

  it('removes exactly our rule from the set it joined on delete', async () => {
    activeSet('company-inbound', ['crm', RULE]);
    await deleteJoinedRule();
    expect(ses.commandCalls(DeleteReceiptRuleCommand).map((call) => call.args[0].input)).toEqual([
      { RuleSetName: 'company-inbound', RuleName: RULE },
    ]);
    expect(ses.commandCalls(SetActiveReceiptRuleSetCommand)).toHaveLength(0);
  });

  it('treats a rule already gone as removed', async () => {
    ses
      .on(DeleteReceiptRuleCommand)
      .rejects(Object.assign(new Error('no such set'), { name: 'RuleSetDoesNotExistException' }));
    await expect(deleteJoinedRule()).resolves.toEqual({
      PhysicalResourceId: `receipt-rule-set/company-inbound/receipt-rule/${RULE}`,
    });
  });

  it('updates our rule in place and moves it after the named rule', async () => {
    const id = `receipt-rule-set/company-inbound/receipt-rule/${RULE}`;
    const result = await onRuleSetEvent(
      event('Update', JOINED_RULE_TYPE, { ...JOIN_PROPERTIES, BucketName: 'other-bucket', After: 'crm' }, id),
      client,
    );
    const update = ses.commandCalls(UpdateReceiptRuleCommand)[0]?.args[0].input;
    expect(update?.RuleSetName).toBe('company-inbound');
    expect(update?.Rule?.Actions?.[0]?.S3Action?.BucketName).toBe('other-bucket');
    expect(ses.commandCalls(SetReceiptRulePositionCommand).map((call) => call.args[0].input)).toEqual([
      { RuleSetName: 'company-inbound', RuleName: RULE, After: 'crm' },
    ]);
    expect(result.PhysicalResourceId).toBe(id);
    expect(ses.commandCalls(CreateReceiptRuleCommand)).toHaveLength(0);
  });
});
