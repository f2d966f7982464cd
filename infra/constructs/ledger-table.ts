import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The item attribute DynamoDB's TTL reads (epoch seconds). */
export const LEDGER_TTL_ATTRIBUTE = 'expiresAt';

/**
 * Exactly the item operations the function calls (functions/ledger/dynamodb-ledger.ts: a consistent
 * `GetItem` and a conditional `PutItem`); a test compares this list with the code's commands.
 */
export const LEDGER_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem'] as const;

/**
 * What was delivered where (company number + content hash → Clearfacts uuid), so a retry never
 * uploads the same bytes twice. On demand: a handful of writes a day, with month-end bursts.
 */
export class LedgerTable extends Construct {
  public readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: LEDGER_TTL_ATTRIBUTE,
      // Losing the ledger means duplicate documents on the next redrive: it outlives the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Lets `grantee` read and write ledger items, one at a time (no scan, query, update or delete). */
  grantReadWriteItems(grantee: iam.IGrantable): iam.Grant {
    return this.table.grant(grantee, ...LEDGER_ACTIONS);
  }
}
