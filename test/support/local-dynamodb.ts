import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

/** A running dynalite (a DynamoDB-compatible server, in memory) and a real SDK client for it. */
export interface LocalDynamoDb {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  /** Creates a table shaped like the stack's ledger (partition key `pk`, a string); returns its name. */
  createLedgerTable(name?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts dynalite on a free port of 127.0.0.1. Conditional writes run in a real engine, so the
 * ledger's concurrency tests mean something; tables are ACTIVE at once.
 */
export async function startLocalDynamoDb(): Promise<LocalDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-1',
    // dynalite checks that requests are signed, not by whom.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  let tables = 0;
  return {
    endpoint,
    client,
    createLedgerTable: async (name = `ledger-${++tables}`) => {
      await client.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      return name;
    },
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
