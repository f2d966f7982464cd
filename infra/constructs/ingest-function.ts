import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { BundlingOptions, NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Config } from '../../functions/config/config-schema';
import { PDFJS_FILES } from '../../functions/documents/pdf-reader';
import { INGEST_SERVICE_NAME, METRICS_NAMESPACE } from '../../functions/shared/metric-names';
import { FUNCTION_ENV } from '../../functions/shared/stack-contract';
import { INGEST_CONFIG_FILE_NAME, stageFunctionConfig } from '../function-config-file';
import { buildLazyPackagesCommand, LAZY_PACKAGES } from '../lazy-packages';
import type { ClearfactsSecret } from './clearfacts-secret';
import type { LedgerTable } from './ledger-table';
import type { MailBucket } from './mail-bucket';
import { createProjectFunction, PROJECT_BUNDLING } from './project-function';

/**
 * One message can take a while: streaming up to 40 MB from S3, unpacking and converting its
 * attachments, then several uploads that may each wait up to 30 s on Clearfacts, plus retries.
 */
export const INGEST_TIMEOUT = Duration.minutes(5);

/**
 * SES accepts messages up to 40 MB; base64 makes that about 30 MB of attachments, and parsing,
 * unpacking and converting can hold two or three copies of a document at once. 2 GB leaves room
 * for that beside the runtime, and buys more than one vCPU (Lambda gives one per 1,769 MB) for
 * the parsing and conversion work.
 */
export const INGEST_MEMORY_MB = 2048;

/**
 * The timeout covers one worst-case message, and a batch's records run one after the other:
 * one record per run keeps the two in step. Concurrency, not batch size, spreads the load.
 */
export const INGEST_BATCH_SIZE = 1;

/**
 * Node's options for the ingest function: `gc` exposed, so that pdf.js's copy of a large scan is
 * collected as soon as it is read (functions/documents/pdf-reader.ts) instead of piling up on a
 * message's peak memory. Lambda's own bootstrap has passed `--expose-gc` too (its public base
 * images' /var/runtime/bootstrap), but the function does not count on that; Node allows the flag in
 * NODE_OPTIONS on 20 and 22. No `--enable-source-maps`: stacks are mapped on demand
 * (functions/shared/lazy-source-maps.ts).
 */
export const INGEST_NODE_OPTIONS = '--expose-gc';

/**
 * How the function's code is bundled (esbuild), apart from the paths and the command hooks. One
 * constant, so the benchmark (scripts/bench) measures exactly the bundle that ships.
 */
export const INGEST_BUNDLING: BundlingOptions = {
  ...PROJECT_BUNDLING,
  // Ship the SDK versions the tests ran with, not whatever the runtime happens to include.
  bundleAwsSDK: true,
  // pdf.js (1.8 MB minified) reads only PDFs the byte checks doubt: its two files are copied
  // beside the bundle (RUNTIME_FILES) and imported from there, so cold starts never parse them.
  // The packages loaded on first use are built beside it too (infra/lazy-packages.ts).
  externalModules: ['pdfjs-dist', ...LAZY_PACKAGES],
};

/** Options for the ingest function. */
export interface IngestFunctionProps {
  /** The admin's validated config; its function part is bundled beside the code. */
  readonly config: Config;
  /** How long the function's logs are kept. @default three months */
  readonly logRetention?: logs.RetentionDays;
  /** The repository root (entry, lock file, tsconfig). @default two levels above this file */
  readonly projectRoot?: string;
}

/**
 * The Lambda behind the queue, with the project's defaults in one place. Each `use…` method grants
 * exactly what the function needs from a resource and sets the environment variable naming it.
 */
export class IngestFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: IngestFunctionProps) {
    super(scope, id);
    const projectRoot = props.projectRoot ?? resolve(__dirname, '..', '..');
    const stagedConfig = stageFunctionConfig(props.config);

    const created = createProjectFunction(this, {
      projectRoot,
      entry: join('ingest', 'handler.ts'),
      description: 'Delivers documents from SES mail to Clearfacts',
      roleDescription: 'Runs the mail ingest function',
      memorySize: INGEST_MEMORY_MB,
      timeout: INGEST_TIMEOUT,
      ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
      environment: {
        NODE_OPTIONS: INGEST_NODE_OPTIONS,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_SERVICE_NAME: INGEST_SERVICE_NAME,
      },
      bundling: INGEST_BUNDLING,
      // The mailbox list can hold thousands of entries: a file beside the code, never env.
      afterBundling: (outputDir) => [
        copyCommand(stagedConfig, join(outputDir, INGEST_CONFIG_FILE_NAME)),
        ...runtimeFiles(projectRoot).map((file) => copyCommand(file, join(outputDir, basename(file)))),
        buildLazyPackagesCommand(projectRoot, outputDir),
      ],
      runtimeReason:
        'The project builds and tests for Node.js 22 (bundle target node22); a newer runtime is a deliberate upgrade.',
    });
    this.function = created.function;
    this.role = created.role;
    this.logGroup = created.logGroup;
  }

  /**
   * Lets the function use the Clearfacts secret (and no other) and tells it which one: read it, and
   * write back OpenID Connect tokens it refreshed (a personal access token is only ever read).
   */
  useSecret(secret: ClearfactsSecret): void {
    secret.grantRead(this.function);
    secret.grantStoreRefreshedTokens(this.function);
    this.function.addEnvironment(FUNCTION_ENV.secretId, secret.secretId);
  }

  /** Lets the function read and write ledger items and tells it the table. */
  useLedger(ledger: LedgerTable): void {
    ledger.grantReadWriteItems(this.function);
    this.function.addEnvironment(FUNCTION_ENV.ledgerTable, ledger.table.tableName);
  }

  /** Lets the function read raw mail and write reports, and tells it where reports go. */
  useMailBucket(mail: MailBucket): void {
    mail.grantReadRawMail(this.function);
    mail.grantWriteReports(this.function);
    this.function.addEnvironment(FUNCTION_ENV.reportsPrefix, mail.reportsPrefix);
  }

  /**
   * Lets the function answer senders (functions/feedback/) through SES: with the domain's identity
   * only, and only from `replyFrom` (the `ses:FromAddress` condition), through a configuration set
   * with the suppression list on, and tells it both. Without this the function answers nobody.
   */
  useReplies(identity: ses.IEmailIdentity, replyFrom: string): ses.ConfigurationSet {
    // Replies go through a configuration set that applies the account's suppression list to bounces
    // and complaints, so an address that bounced or complained is never written to again (SES v2
    // PutConfigurationSetSuppressionOptions: SuppressedReasons BOUNCE, COMPLAINT).
    const replies = new ses.ConfigurationSet(this, 'Replies', {
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const replySet = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: replies.configurationSetName,
    });
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        // SES v2 `SendEmail` with raw content; `SendRawEmail` names the same right in the v1 API.
        // A send naming a configuration set is authorised on the set as well as on the identity.
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [identity.emailIdentityArn, replySet],
        conditions: { StringEquals: { 'ses:FromAddress': replyFrom } },
      }),
    );
    this.function.addEnvironment(FUNCTION_ENV.replyFrom, replyFrom);
    this.function.addEnvironment(FUNCTION_ENV.replyConfigurationSet, replies.configurationSetName);
    return replies;
  }

  /**
   * Feeds the function from the queue. The event source grants receive, delete and
   * ChangeMessageVisibility (used to push a retry further out); `QUEUE_URL` names the queue for that.
   */
  consumeQueue(queue: IQueue, maxConcurrency: number): SqsEventSource {
    const source = new SqsEventSource(queue, {
      batchSize: INGEST_BATCH_SIZE,
      // Failed records come back alone; the others are deleted.
      reportBatchItemFailures: true,
      // Caps how hard a month-end burst hits Clearfacts (the event source's own limit, not reserved
      // concurrency, which new accounts with a concurrency quota of 10 cannot set).
      maxConcurrency,
    });
    this.function.addEventSource(source);
    this.function.addEnvironment(FUNCTION_ENV.queueUrl, queue.queueUrl);
    return source;
  }
}

/**
 * Files that bundled packages read from beside their own code at run time, which esbuild cannot
 * inline: after bundling, that place is the bundle's directory.
 */
const RUNTIME_FILES = [
  // @cwasm/webp (WEBP decoding) reads `path.join(__dirname, 'webp.wasm')`.
  join('@cwasm', 'webp', 'webp.wasm'),
  // libheif-js's WebAssembly build (HEIC decoding, functions/convert/decode-heic.ts) reads
  // `__dirname + '/libheif.wasm'`; its other build would inline it into the bundle as 2 MB of base64.
  join('libheif-js', 'libheif-wasm', 'libheif.wasm'),
  // pdf.js's legacy build, imported from beside the bundle by functions/documents/pdf-reader.ts
  // (PDFJS_FILES) when a PDF's bytes raise a doubt; it is ESM and runs its worker code in-thread.
  ...PDFJS_FILES.map((file) => join('pdfjs-dist', 'legacy', 'build', file)),
];

/** The runtime files of installed packages; a package that is not installed cannot be in the bundle either. */
export function runtimeFiles(projectRoot: string): string[] {
  return RUNTIME_FILES.map((file) => join(projectRoot, 'node_modules', file)).filter((path) =>
    existsSync(path),
  );
}

/** A shell command copying one file, on the machine running synth. */
function copyCommand(from: string, to: string): string {
  return process.platform === 'win32' ? `copy /Y "${from}" "${to}"` : `cp "${from}" "${to}"`;
}
