import { INGEST_MEMORY_MB } from '../../infra/constructs/ingest-function';
import { BENCH_CONFIG } from './bench-config';
import type { LedgerUsage } from './counting-ledger';

/**
 * AWS list prices in eu-west-1 (Ireland), in USD, without free tiers, as published on the AWS
 * pricing pages of each service when they were last checked (`PRICES_CHECKED`). Check them again
 * before quoting a figure: the benchmark has no network and cannot look them up.
 */
export const PRICES_CHECKED = '2025-01';
export const PRICES = {
  region: 'eu-west-1',
  /** Lambda on arm64 (Graviton): per GB-second, and per request. */
  lambdaArmGbSecond: 0.0000133334,
  lambdaRequest: 0.2 / 1_000_000,
  /** S3 Standard: PUT, COPY, POST, LIST requests; GET requests; storage per GB-month (first 50 TB). */
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
  s3GbMonth: 0.023,
  /** SQS standard queue: per request (each 64 KB of payload counts as one). */
  sqsRequest: 0.4 / 1_000_000,
  /** SNS standard topic: per publish; deliveries to SQS are free. */
  snsPublish: 0.5 / 1_000_000,
  /** DynamoDB on demand (after the November 2024 price cut): per write and per read request unit. */
  dynamoWriteUnit: 0.7069 / 1_000_000,
  dynamoReadUnit: 0.1414 / 1_000_000,
  /** SES receiving: per message, and per 256 KB chunk of incoming mail. */
  sesMessage: 0.1 / 1000,
  sesChunk: 0.09 / 1000,
} as const;

/** SES bills incoming mail in chunks of this size. */
const SES_CHUNK_BYTES = 256 * 1024;

/** Average days in a month, to turn the retention in days into GB-months. */
const DAYS_PER_MONTH = 30.44;

/** What one message asks of each service. */
export interface MessageUsage {
  readonly bytes: number;
  /** What Lambda bills: the invocation's duration. */
  readonly durationMs: number;
  readonly ledger: LedgerUsage;
}

/** USD per 1,000 messages, by service. */
export interface CostPerThousand {
  readonly lambda: number;
  readonly s3Requests: number;
  readonly s3Storage: number;
  readonly sqs: number;
  readonly sns: number;
  readonly dynamodb: number;
  readonly sesReceiving: number;
  readonly total: number;
}

/**
 * What 1,000 such messages cost: the function at its configured memory for the measured duration
 * (billed per ms); S3 requests (SES's PUT, the function's GET, the report's PUT) and storage for
 * the config's default retention; SQS send, receive and delete; one SNS publish; the ledger's
 * reads and writes as counted; SES's per-message and per-chunk receiving fees.
 */
export function costPerThousand(usage: MessageUsage): CostPerThousand {
  const gb = INGEST_MEMORY_MB / 1024;
  const { retention } = BENCH_CONFIG.deployment;
  const lambda = (Math.ceil(usage.durationMs) / 1000) * gb * PRICES.lambdaArmGbSecond + PRICES.lambdaRequest;
  const s3Requests = 2 * PRICES.s3Put + PRICES.s3Get;
  const gbMonths = (usage.bytes / 1024 ** 3) * (retention.rawMailDays / DAYS_PER_MONTH);
  const s3Storage = gbMonths * PRICES.s3GbMonth;
  const sqs = 3 * PRICES.sqsRequest;
  const sns = PRICES.snsPublish;
  const dynamodb =
    usage.ledger.writeUnits * PRICES.dynamoWriteUnit + usage.ledger.readUnits * PRICES.dynamoReadUnit;
  const sesReceiving = PRICES.sesMessage + Math.ceil(usage.bytes / SES_CHUNK_BYTES) * PRICES.sesChunk;
  const perMessage = { lambda, s3Requests, s3Storage, sqs, sns, dynamodb, sesReceiving };
  const perThousand = Object.fromEntries(
    Object.entries(perMessage).map(([service, usd]) => [service, usd * 1000]),
  ) as Omit<CostPerThousand, 'total'>;
  const total = Object.values(perThousand).reduce((sum, usd) => sum + usd, 0);
  return { ...perThousand, total };
}
