import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  GetSecretValueCommand,
  type GetSecretValueCommandInput,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { Context, SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { ClearfactsClient } from '../../functions/clearfacts/clearfacts-client';
import { tokenFromSecret } from '../../functions/clearfacts/token-secret';
import { parseConfig } from '../../functions/config/load-config';
import { createHandler, type HandlerOptions } from '../../functions/ingest/create-handler';
import type { BatchDeps, QueueRecord } from '../../functions/ingest/process-batch';
import type { RetryScheduler } from '../../functions/ingest/retry-scheduler';
import type { DeliveryLedger } from '../../functions/ledger/delivery-ledger';
import { createDynamoDbLedger } from '../../functions/ledger/dynamodb-ledger';
import { type LocalS3, startLocalS3 } from '../../functions/local/local-s3';
import type { MessageReport } from '../../functions/reports/message-report';
import { S3ReportStore } from '../../functions/reports/s3-report-store';
import { MailboxRouter } from '../../functions/routing/route-recipients';
import { CachedSecret } from '../../functions/secrets/cached-secret';
import { SecretsManagerTokenStore } from '../../functions/secrets/secrets-manager-store';
import { type EventLog, eventLogFrom, silentLog } from '../../functions/shared/event-log';
import { S3MessageStore } from '../../functions/storage/s3-message-store';
import { captureOutput } from './capture-output';
import {
  AS_CLEARFACTS,
  type ClearfactsStandIn,
  type StandInUpload,
  startClearfactsStandIn,
} from './clearfacts-stand-in';
import { type LocalDynamoDb, startLocalDynamoDb } from './local-dynamodb';
import { sesNotification, snsEnvelope, sqsEvent, sqsRecord } from './ses-events';

/** The bucket SES writes to in these tests. */
export const BUCKET = 'mail-bucket';
/** Recognisable, 80 characters like a real personal access token. */
export const TOKEN = `cfTEST${'x7Q9'.repeat(18)}SECRET`;
export const ACME = 'acme@invoices.example.com';
export const PEETERS = 'peeters@invoices.example.com';
/** Holds a repeated invoice for review (`invoiceRepeats: hold`) and uploads an XML's PDF beside it. */
export const CAREFUL = 'careful@invoices.example.com';

const config = parseConfig({
  domain: 'invoices.example.com',
  mailboxes: [
    { address: 'acme', companyNumber: 'BE 0123.456.749' },
    { address: 'peeters', companyNumber: '0203201340' },
    { address: 'careful', companyNumber: '0403170701', invoiceRepeats: 'hold', preferInvoiceXml: false },
  ],
});

/** The secret's value as Secrets Manager returns it: the personal access token `TOKEN`. */
export const TOKEN_SECRET_VALUE = { SecretString: JSON.stringify({ token: TOKEN }) };

/** The version id `answerTokenSecret` gives the secret's one version. */
const SECRET_VERSION = 'v1';

/**
 * Answers GetSecretValue as Secrets Manager does for a secret with one version: the current one
 * (no `VersionId` asked, or `v1`), and ResourceNotFoundException for any other version id (the
 * token store looks for a refreshed successor on every read).
 */
export function answerTokenSecret(
  secrets: AwsClientStub<SecretsManagerClient>,
  output: { readonly SecretString: string } = TOKEN_SECRET_VALUE,
): void {
  secrets.on(GetSecretValueCommand).callsFake(async (input: GetSecretValueCommandInput) => {
    if (input.VersionId !== undefined && input.VersionId !== SECRET_VERSION) {
      throw new ResourceNotFoundException({
        message: "Secrets Manager can't find the specified secret value for VersionId",
        $metadata: {},
      });
    }
    return { ...output, VersionId: SECRET_VERSION };
  });
}

/**
 * The Clearfacts token as the function reads it: through the token store (an offline Secrets
 * Manager client, which tests answer with a mock or a fake), uncached, on each upload's request.
 */
export function testTokenProvider(secretId = 'clearfacts-token'): () => Promise<string> {
  const client = new SecretsManagerClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const secret = new CachedSecret(new SecretsManagerTokenStore(client, secretId), 0);
  return async () => tokenFromSecret(await secret.value());
}

/** The handler options every handler test shares: `logger` and test metrics. */
export function testHandlerOptions(logger: Logger): Pick<HandlerOptions, 'logger' | 'metrics'> {
  return { logger, metrics: new Metrics({ namespace: 'Test', serviceName: 'ingest-test' }) };
}

/** The Lambda context the handler is invoked with in tests. */
export const LAMBDA_CONTEXT = {
  functionName: 'ingest',
  awsRequestId: 'req-1',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:ingest',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context & { clearfactsSecret: unknown };

/** A retry the handler asked the queue for. */
export interface ScheduledRetry {
  readonly recordId: string;
  readonly receiveCount: number;
  readonly delaySeconds: number;
}

/** How one handler is built. */
export interface HandlerSetup {
  /** Wraps the DynamoDB ledger, e.g. to inject a crash. */
  readonly ledger?: (ledger: DeliveryLedger) => DeliveryLedger;
  /** Attempts per upload within one run; 1 makes every failure a queue retry. */
  readonly maxAttempts?: number;
  /** The invocation's remaining time as Lambda's context reports it (default: a minute, always). */
  readonly remainingMs?: () => number;
}

/**
 * The Lambda handler wired like `handler.ts`, against real local servers: s3rver, the Clearfacts
 * stand-in and dynalite (a fresh ledger table per harness). The clock is the test's to move.
 */
export class IngestHarness {
  readonly retries: ScheduledRetry[] = [];
  now = new Date('2026-11-20T09:15:00Z');

  private constructor(
    readonly s3: LocalS3,
    readonly clearfacts: ClearfactsStandIn,
    readonly dynamo: LocalDynamoDb,
    readonly table: string,
  ) {}

  static async start(): Promise<IngestHarness> {
    const s3 = await startLocalS3({ directory: mkdtempSync(join(tmpdir(), 's3-')), buckets: [BUCKET] });
    const clearfacts = await startClearfactsStandIn({ token: TOKEN });
    const dynamo = await startLocalDynamoDb();
    return new IngestHarness(s3, clearfacts, dynamo, await dynamo.createLedgerTable());
  }

  async close(): Promise<void> {
    await this.clearfacts.close();
    await this.s3.close();
    this.s3.client.destroy();
    await this.dynamo.close();
  }

  /** Moves the clock on. */
  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
  }

  /** The ports `handler.ts` builds, pointed at the local servers. */
  deps(setup: HandlerSetup = {}, log: EventLog = silentLog): BatchDeps {
    const ledger = createDynamoDbLedger(this.dynamo.client, this.table, () => this.now);
    return {
      router: new MailboxRouter(config),
      messages: new S3MessageStore(this.s3.client),
      reports: new S3ReportStore(this.s3.client),
      ledger: setup.ledger?.(ledger) ?? ledger,
      log,
      now: () => this.now,
      uploader: new ClearfactsClient({
        apiUrl: this.clearfacts.url,
        token: () => TOKEN,
        sleep: async () => undefined,
        ...(setup.maxAttempts === undefined ? {} : { maxAttempts: setup.maxAttempts }),
      }),
    };
  }

  /** Invokes a fresh handler with `records`; returns its answer and everything it printed. */
  async invoke(
    records: SQSRecord[],
    setup: HandlerSetup = {},
  ): Promise<{ result: SQSBatchResponse; output: string }> {
    const handler = this.handler(setup);
    const context =
      setup.remainingMs === undefined
        ? LAMBDA_CONTEXT
        : { ...LAMBDA_CONTEXT, getRemainingTimeInMillis: setup.remainingMs };
    return captureOutput(async () => (await handler(sqsEvent(records), context)) as SQSBatchResponse);
  }

  /** Invokes one handler per record at the same time, like concurrent Lambda instances. */
  async invokeConcurrently(records: SQSRecord[]): Promise<SQSBatchResponse[]> {
    const handlers = records.map(() => this.handler({}));
    const { result } = await captureOutput(() =>
      Promise.all(
        handlers.map(async (handler, index) => {
          const record = records[index] as SQSRecord;
          return (await handler(sqsEvent([record]), LAMBDA_CONTEXT)) as SQSBatchResponse;
        }),
      ),
    );
    return result;
  }

  private handler(setup: HandlerSetup) {
    const logger = new Logger({ serviceName: 'ingest-test' });
    const retries: RetryScheduler = {
      retryLater: async (record: QueueRecord, delaySeconds: number) => {
        this.retries.push({ recordId: record.messageId, receiveCount: record.receiveCount, delaySeconds });
      },
    };
    const token = testTokenProvider();
    return createHandler({
      ...testHandlerOptions(logger),
      retries,
      deps: () => ({
        ...this.deps(setup, eventLogFrom(logger)),
        uploader: new ClearfactsClient({
          apiUrl: this.clearfacts.url,
          token,
          sleep: async () => undefined,
          ...(setup.maxAttempts === undefined ? {} : { maxAttempts: setup.maxAttempts }),
        }),
      }),
    });
  }

  async storeMessage(messageId: string, raw: Buffer): Promise<void> {
    await this.s3.client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: `inbound/${messageId}`, Body: raw }),
    );
  }

  async readReport(messageId: string): Promise<MessageReport> {
    const object = await this.s3.client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: `reports/${messageId}.json` }),
    );
    return JSON.parse(await (object.Body?.transformToString() ?? '')) as MessageReport;
  }

  /** The queue record SNS delivers for a stored message; `recordId` tells deliveries apart. */
  record(
    messageId: string,
    recipients: string[],
    options: { recordId?: string; receiveCount?: number } = {},
  ) {
    const body = snsEnvelope(sesNotification({ messageId, recipients, bucket: BUCKET }));
    return sqsRecord(options.recordId ?? `sqs-${messageId}`, body, options.receiveCount ?? 1);
  }

  /** The uploads Clearfacts received of exactly these bytes. */
  uploadsOf(bytes: Uint8Array): StandInUpload[] {
    return this.clearfacts.uploads.filter((upload) => Buffer.from(upload.file.bytes).equals(bytes));
  }
}

/** The metric values in the handler's EMF output (CloudWatch embedded metric format). */
export function emittedMetrics(output: string): Record<string, number> {
  for (const line of output.split('\n')) {
    if (!line.includes('"_aws"')) continue;
    const { _aws, ...values } = JSON.parse(line) as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(values).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
    );
  }
  return {};
}

/**
 * The set-up the ingest tests share: one harness for the test file (started before its tests,
 * closed after), and before each test the token secret answered as Secrets Manager does and the
 * Clearfacts stand-in accepting uploads. `started` receives the harness once it runs.
 */
export function useIngestHarness(started: (harness: IngestHarness) => void): void {
  const secrets = mockClient(SecretsManagerClient);
  let harness: IngestHarness | undefined;
  beforeAll(async () => {
    harness = await IngestHarness.start();
    started(harness);
  });
  afterAll(async () => {
    await harness?.close();
    secrets.restore();
  });
  beforeEach(() => {
    secrets.reset();
    answerTokenSecret(secrets);
    harness?.clearfacts.respondAlways(AS_CLEARFACTS);
  });
}
