import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../shared/errors';

/** The function's environment, validated once at cold start. */
const environmentSchema = z.object({
  /** Name or ARN of the Secrets Manager secret holding the Clearfacts token. */
  CLEARFACTS_SECRET_ID: z.string().min(1),
  /** The admin's config, bundled beside the code by the stack (too large for an env variable). */
  INGEST_CONFIG_FILE: z.string().min(1).optional(),
  /** Overrides the config's Clearfacts endpoint (stand-ins, white-label accountants). */
  CLEARFACTS_API_URL: z.url().optional(),
  /** The DynamoDB table of the delivery ledger. */
  LEDGER_TABLE: z.string().min(1),
  /** The queue the function reads, to delay retries (`ChangeMessageVisibility`). */
  QUEUE_URL: z.url(),
  /** Where reports go, beside the raw mail. */
  REPORTS_PREFIX: z.string().default('reports/'),
  /** How long the token is cached before Secrets Manager is asked again (ms). */
  SECRET_CACHE_MS: z.coerce
    .number()
    .int()
    .nonnegative()
    .default(5 * 60 * 1000),
  LAMBDA_TASK_ROOT: z.string().optional(),
  /** The function that renders message bodies to PDF (set by the stack); absent: bodies are not rendered. */
  RENDER_FUNCTION_NAME: z.string().min(1).optional(),
  /** The address the stack lets the function send replies from; absent: senders are not answered. */
  REPLY_FROM: z.email().optional(),
});

/** The validated environment. */
export interface IngestEnvironment {
  readonly secretId: string;
  readonly configFile: string;
  readonly apiUrlOverride?: string;
  readonly ledgerTable: string;
  readonly queueUrl: string;
  readonly reportsPrefix: string;
  readonly secretCacheMs: number;
  readonly renderFunctionName?: string;
  readonly replyFrom?: string;
}

/** Parses `process.env`; a bad value fails with the variable's name. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): IngestEnvironment {
  const result = environmentSchema.safeParse(env);
  if (!result.success) {
    const detail = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`Invalid function environment: ${detail}`, { cause: result.error });
  }
  const value = result.data;
  return {
    secretId: value.CLEARFACTS_SECRET_ID,
    configFile:
      value.INGEST_CONFIG_FILE ?? join(value.LAMBDA_TASK_ROOT ?? process.cwd(), 'ingest-config.json'),
    ...(value.CLEARFACTS_API_URL === undefined ? {} : { apiUrlOverride: value.CLEARFACTS_API_URL }),
    ledgerTable: value.LEDGER_TABLE,
    queueUrl: value.QUEUE_URL,
    reportsPrefix: value.REPORTS_PREFIX,
    secretCacheMs: value.SECRET_CACHE_MS,
    ...(value.RENDER_FUNCTION_NAME === undefined ? {} : { renderFunctionName: value.RENDER_FUNCTION_NAME }),
    ...(value.REPLY_FROM === undefined ? {} : { replyFrom: value.REPLY_FROM }),
  };
}
