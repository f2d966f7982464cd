import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createDynamoDbLedger, DynamoDbItemStore } from '../../functions/ledger/dynamodb-ledger';
import type { DocumentItem } from '../../functions/ledger/ledger-items';

const documents = mockClient(DynamoDBDocumentClient);
const client = new DynamoDBClient({ region: 'eu-west-1' });

/** A document another message delivered: what DynamoDB returns with a failed condition (ALL_OLD). */
const delivered: DocumentItem = {
  pk: `doc#0123456749#${'a'.repeat(64)}`,
  type: 'document',
  revision: 2,
  state: 'uploaded',
  companyNumber: '0123456749',
  invoiceType: 'PURCHASE',
  sha256: 'a'.repeat(64),
  messageId: 'msg-earlier',
  mailbox: 'acme@x.be',
  filename: 'f.pdf',
  attempts: 1,
  uuid: 'uuid-earlier',
  uploadedAt: '2026-11-20T09:00:01.000Z',
  pages: 1,
  updatedAt: '2026-11-20T09:00:01.000Z',
};

/** A new message claiming the document `delivered` holds. */
const CLAIM_BY_ANOTHER_MESSAGE = {
  companyNumber: '0123456749',
  invoiceType: 'PURCHASE',
  sha256: 'a'.repeat(64),
  messageId: 'msg-now',
  mailbox: 'acme@x.be',
  filename: 'f.pdf',
  leaseMs: 60_000,
} as const;

function conditionFailed(item?: DocumentItem): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(item === undefined ? {} : { Item: marshall(item, { removeUndefinedValues: true }) }),
  });
}

beforeEach(() => {
  documents.reset();
});

describe('a conditional write that fails in DynamoDB', () => {
  it('asks for the stored item and returns it, as the ledger stores it', async () => {
    documents.on(PutCommand).rejects(conditionFailed(delivered));
    const store = new DynamoDbItemStore(client, 'ledger');

    const outcome = await store.put({ ...delivered, revision: 1, state: 'in-flight' }, undefined);

    expect(outcome).toEqual({ written: false, current: delivered });
    expect(documents.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('spares the ledger a read: a claim on a delivered document costs one request', async () => {
    documents.on(PutCommand).rejects(conditionFailed(delivered));
    documents.on(GetCommand).resolves({ Item: delivered });
    const ledger = createDynamoDbLedger(client, 'ledger');

    const claim = await ledger.claimDocument(CLAIM_BY_ANOTHER_MESSAGE);

    expect(claim).toMatchObject({
      kind: 'uploaded',
      document: { uuid: 'uuid-earlier', messageId: 'msg-earlier' },
    });
    expect(documents.commandCalls(PutCommand)).toHaveLength(1);
    expect(documents.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('reads the item when the failure does not carry it (positive control of the read)', async () => {
    documents.on(PutCommand).rejects(conditionFailed());
    documents.on(GetCommand).resolves({ Item: delivered });
    const ledger = createDynamoDbLedger(client, 'ledger');

    const claim = await ledger.claimDocument(CLAIM_BY_ANOTHER_MESSAGE);

    expect(claim.kind).toBe('uploaded');
    expect(documents.commandCalls(GetCommand)).toHaveLength(1);
  });
});
