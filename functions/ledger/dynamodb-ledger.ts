import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { StorageError } from '../shared/errors';
import { ConditionalLedger } from './conditional-ledger';
import type { DeliveryLedger } from './delivery-ledger';
import type { LedgerItem, LedgerItemStore, PutOutcome } from './ledger-items';
import { ConditionalReplyLedger, type ReplyLedger } from './reply-ledger';

/**
 * Ledger items in a DynamoDB table with partition key `pk` (String) and TTL attribute `expiresAt`.
 * Reads are strongly consistent and every write is conditional, so concurrent deliveries in
 * different Lambda instances see each other's claims. A write whose condition fails brings back the
 * stored item (`ReturnValuesOnConditionCheckFailure: ALL_OLD`), so the ledger need not read it.
 */
export class DynamoDbItemStore implements LedgerItemStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly table: string,
  ) {
    // Optional fields are absent, never stored as NULL.
    this.documents = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }

  async get(pk: string): Promise<LedgerItem | undefined> {
    try {
      const response = await this.documents.send(
        new GetCommand({ TableName: this.table, Key: { pk }, ConsistentRead: true }),
      );
      return response.Item as LedgerItem | undefined;
    } catch (error) {
      throw new StorageError(`Cannot read ${pk} from the ledger table ${this.table}`, 'retryable', {
        cause: error,
      });
    }
  }

  async put(item: LedgerItem, expectedRevision: number | undefined): Promise<PutOutcome> {
    const condition =
      expectedRevision === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: '#revision = :revision',
            ExpressionAttributeNames: { '#revision': 'revision' },
            ExpressionAttributeValues: { ':revision': expectedRevision },
          };
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ...condition,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { written: true };
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
        return conflictOf(error as { Item?: Record<string, AttributeValue> });
      }
      throw new StorageError(`Cannot write ${item.pk} to the ledger table ${this.table}`, 'retryable', {
        cause: error,
      });
    }
  }
}

/**
 * The item a failed condition returned. The document client does not translate errors, so it comes
 * in DynamoDB's attribute-value form (the SDK's `ConditionalCheckFailedException.Item`). A store
 * that ignores the option (dynalite) returns none: the ledger then reads the item.
 */
function conflictOf(error: { Item?: Record<string, AttributeValue> }): PutOutcome {
  if (error.Item === undefined || error.Item.pk === undefined) return { written: false };
  return { written: false, current: unmarshall(error.Item) as LedgerItem };
}

/** The ledger the Lambda uses: the stack's DynamoDB table (`LEDGER_TABLE`). */
export function createDynamoDbLedger(
  client: DynamoDBClient,
  table: string,
  now: () => Date = () => new Date(),
): DeliveryLedger {
  return new ConditionalLedger(new DynamoDbItemStore(client, table), now);
}

/** The Lambda's record of replies to senders, in the same table. */
export function createDynamoDbReplyLedger(
  client: DynamoDBClient,
  table: string,
  now: () => Date = () => new Date(),
): ReplyLedger {
  return new ConditionalReplyLedger(new DynamoDbItemStore(client, table), now);
}
