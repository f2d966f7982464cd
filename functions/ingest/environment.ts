import { join } from 'node:path';
import { insecureUrlReason } from '../config/secure-url';
import { ConfigError } from '../shared/errors';
import { FUNCTION_ENV } from '../shared/stack-contract';
import '../shared/zod-english';
import * as z from 'zod/mini';

/** A Clearfacts endpoint: `https://`, or `http://` on loopback (the config's rule, functions/config/secure-url.ts). */
const secureUrlSchema = z.string().check(
  z.superRefine((value, ctx) => {
    const reason = insecureUrlReason(value);
    if (reason !== undefined) ctx.addIssue({ code: 'custom', message: reason, input: value });
  }),
);

/** The function's environment, validated once at cold start. */
const environmentSchema = z.object({
  /** Name or ARN of the Secrets Manager secret holding the Clearfacts token. */
  [FUNCTION_ENV.secretId]: z.string().check(z.minLength(1)),
  /** The admin's config, bundled beside the code by the stack (too large for an env variable). */
  [FUNCTION_ENV.configFile]: z.optional(z.string().check(z.minLength(1))),
  /** Overrides the config's Clearfacts endpoint (stand-ins, white-label accountants). */
  [FUNCTION_ENV.apiUrl]: z.optional(secureUrlSchema),
  /** The DynamoDB table of the delivery ledger. */
  [FUNCTION_ENV.ledgerTable]: z.string().check(z.minLength(1)),
  /** The queue the function reads, to delay retries (`ChangeMessageVisibility`). */
  [FUNCTION_ENV.queueUrl]: z.url(),
  /** Where reports go, beside the raw mail. */
  [FUNCTION_ENV.reportsPrefix]: z._default(z.string(), 'reports/'),
  /** How long the token is cached before Secrets Manager is asked again (ms). */
  [FUNCTION_ENV.secretCacheMs]: z._default(z.coerce.number().check(z.int(), z.nonnegative()), 5 * 60 * 1000),
  LAMBDA_TASK_ROOT: z.optional(z.string()),
  /** The function that renders message bodies to PDF (set by the stack); absent: bodies are not rendered. */
  [FUNCTION_ENV.renderFunction]: z.optional(z.string().check(z.minLength(1))),
  /** The address the stack lets the function send replies from; absent: senders are not answered. */
  [FUNCTION_ENV.replyFrom]: z.optional(z.email()),
  /** The SES configuration set replies are sent through (suppression list on). */
  [FUNCTION_ENV.replyConfigurationSet]: z.optional(z.string().check(z.minLength(1))),
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
  readonly replyConfigurationSet?: string;
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
    secretId: value[FUNCTION_ENV.secretId],
    configFile:
      value[FUNCTION_ENV.configFile] ?? join(value.LAMBDA_TASK_ROOT ?? process.cwd(), 'ingest-config.json'),
    ...(value[FUNCTION_ENV.apiUrl] === undefined ? {} : { apiUrlOverride: value[FUNCTION_ENV.apiUrl] }),
    ledgerTable: value[FUNCTION_ENV.ledgerTable],
    queueUrl: value[FUNCTION_ENV.queueUrl],
    reportsPrefix: value[FUNCTION_ENV.reportsPrefix],
    secretCacheMs: value[FUNCTION_ENV.secretCacheMs],
    ...(value[FUNCTION_ENV.renderFunction] === undefined
      ? {}
      : { renderFunctionName: value[FUNCTION_ENV.renderFunction] }),
    ...(value[FUNCTION_ENV.replyFrom] === undefined ? {} : { replyFrom: value[FUNCTION_ENV.replyFrom] }),
    ...(value[FUNCTION_ENV.replyConfigurationSet] === undefined
      ? {}
      : { replyConfigurationSet: value[FUNCTION_ENV.replyConfigurationSet] }),
  };
}
