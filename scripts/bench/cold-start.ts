import { copyFile, mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { INGEST_NODE_OPTIONS, runtimeFiles } from '../../infra/constructs/ingest-function';
import { functionConfigJson } from '../../infra/function-config-file';
import { startLocalDynamoDb } from '../../test/support/local-dynamodb';
import { BENCH_CONFIG } from './bench-config';
import { type BundleContents, bundleContents, type PackageBytes } from './bundle-contents';
import { sqsEvent } from './notifications';
import type { ColdFigures, ColdProbeRequest } from './probe-cold';
import { runProbeProcess } from './probe-process';
import { startSecretsStub } from './secrets-stub';
import { bundleLikeTheStack, PROJECT_ROOT } from './stack-bundling';
import { median } from './stats';

/** Medians of one kind of cold start. */
export interface ColdSide {
  readonly runs: number;
  readonly importMs: number;
  /** From the process's start to the first message handled. */
  readonly totalMs: number;
}

/** The bundle and its cold starts beside mailparser's. */
export interface ColdStartFigures {
  readonly bundle: BundleContents;
  readonly sourceMapBytes: number;
  /** Files the stack copies beside the bundle, read only when a converter needs them (WebAssembly). */
  readonly runtimeFiles: readonly PackageBytes[];
  readonly function: ColdSide;
  /**
   * The same with `--enable-source-maps`, for comparison: Node then reads and parses the map as the
   * bundle loads, where the stack's functions read it only to format a stack (lazy-source-maps.ts).
   */
  readonly functionWithSourceMapsFlag: ColdSide;
  /** `require('mailparser')` from node_modules, then the same message: the target's baseline. */
  readonly mailparser: ColdSide;
  /** Bytes of mailparser alone, bundled with the stack's settings: the floor of any bundle that parses mail. */
  readonly mailparserBundleBytes: number;
  /** mailparser bundled with the stack's settings too, for comparison. */
  readonly mailparserBundled: ColdSide;
  /**
   * mailparser with the AWS SDK clients every message uses (S3, DynamoDB), bundled with the stack's
   * settings: the floor of any bundle that must read the message and claim it in the ledger.
   */
  readonly floor: ColdSide;
  readonly floorBundleBytes: number;
  readonly ratio: number;
}

/** What the floor bundle imports: the parser and the clients every message needs, nothing of ours. */
const FLOOR_CODE = [
  "export { simpleParser } from 'mailparser';",
  "export { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';",
  "export { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  "export { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
].join('\n');

/** What the cold starts run against. */
export interface ColdStartSetup {
  readonly directory: string;
  readonly probe: string;
  readonly s3Endpoint: string;
  readonly clearfactsUrl: string;
  /** The message every cold start handles (already stored in S3 and on disk). */
  readonly message: { readonly messageId: string; readonly file: string };
  readonly runs: number;
  readonly onRun?: (run: number) => void;
}

/**
 * Bundles the function as the stack does and starts it cold `runs` times: a fresh Node process
 * with the function's environment (its NODE_OPTIONS: `--expose-gc`, no source maps) loads the bundle and
 * handles one SQS event against local S3, DynamoDB (dynalite), Secrets Manager and Clearfacts
 * stand-ins. The baseline processes load
 * only mailparser and parse the same message.
 */
export async function measureColdStarts(setup: ColdStartSetup): Promise<ColdStartFigures> {
  const functionDir = join(setup.directory, 'function');
  await mkdir(functionDir, { recursive: true });
  const built = await bundleLikeTheStack(
    { file: 'functions/ingest/handler.ts' },
    join(functionDir, 'index.js'),
  );
  const mailparserBundle = join(setup.directory, 'mailparser-only', 'index.js');
  await bundleLikeTheStack({ code: "export { simpleParser } from 'mailparser';" }, mailparserBundle);
  const floorBundle = join(setup.directory, 'floor', 'index.js');
  await bundleLikeTheStack({ code: FLOOR_CODE }, floorBundle);
  // The asset as the stack builds it: the bundle, the converters' WebAssembly beside it, the config.
  const besides: PackageBytes[] = [];
  for (const file of runtimeFiles(PROJECT_ROOT)) {
    await copyFile(file, join(functionDir, basename(file)));
    besides.push({ name: basename(file), bytes: (await stat(file)).size });
  }
  const configFile = join(functionDir, 'ingest-config.json');
  // As synth writes it: validated and normalised (the function reads it without checking again).
  await writeFile(configFile, functionConfigJson(BENCH_CONFIG));

  const dynamo = await startLocalDynamoDb();
  const secrets = await startSecretsStub(JSON.stringify({ token: 'bench-token' }));
  try {
    const functionRuns: ColdFigures[] = [];
    const flaggedRuns: ColdFigures[] = [];
    const plainRuns: ColdFigures[] = [];
    const bundledRuns: ColdFigures[] = [];
    const floorRuns: ColdFigures[] = [];
    const cold = async (input: ColdProbeRequest, env?: NodeJS.ProcessEnv): Promise<ColdFigures> =>
      (
        await runProbeProcess<{ figures: ColdFigures }>({
          script: setup.probe,
          input: { ...input },
          directory: setup.directory,
          ...(env === undefined ? {} : { env }),
        })
      ).figures;
    for (let run = 1; run <= setup.runs; run += 1) {
      setup.onRun?.(run);
      const event = sqsEvent(setup.message.messageId, 'arn:aws:sqs:eu-west-1:000000000000:bench');
      // A new table per start: a ledger that already knew the message would skip the upload.
      const environment = async (): Promise<NodeJS.ProcessEnv> =>
        functionEnvironment({
          ...setup,
          configFile,
          table: await dynamo.createLedgerTable(),
          dynamo: dynamo.endpoint,
          secrets: secrets.endpoint,
        });
      functionRuns.push(await cold({ kind: 'function', module: built.file, event }, await environment()));
      const flagged = {
        ...(await environment()),
        NODE_OPTIONS: `${INGEST_NODE_OPTIONS} --enable-source-maps`,
      };
      flaggedRuns.push(await cold({ kind: 'function', module: built.file, event }, flagged));
      const mailparser = join(PROJECT_ROOT, 'node_modules', 'mailparser');
      plainRuns.push(await cold({ kind: 'mailparser', module: mailparser, message: setup.message.file }));
      bundledRuns.push(
        await cold({ kind: 'mailparser', module: mailparserBundle, message: setup.message.file }),
      );
      floorRuns.push(await cold({ kind: 'mailparser', module: floorBundle, message: setup.message.file }));
    }
    const side = (runs: readonly ColdFigures[]): ColdSide => ({
      runs: runs.length,
      importMs: median(runs.map((run) => run.importedMs)),
      totalMs: median(runs.map((run) => run.doneMs)),
    });
    const functionSide = side(functionRuns);
    const mailparserSide = side(plainRuns);
    return {
      bundle: bundleContents(built.metafile, built.file),
      sourceMapBytes: (await stat(`${built.file}.map`)).size,
      runtimeFiles: besides,
      mailparserBundleBytes: (await stat(mailparserBundle)).size,
      function: functionSide,
      functionWithSourceMapsFlag: side(flaggedRuns),
      mailparser: mailparserSide,
      mailparserBundled: side(bundledRuns),
      floor: side(floorRuns),
      floorBundleBytes: (await stat(floorBundle)).size,
      ratio: functionSide.totalMs / mailparserSide.totalMs,
    };
  } finally {
    await secrets.close();
    await dynamo.close();
  }
}

/** The function's environment as the stack sets it, with every AWS endpoint pointed at a stand-in. */
function functionEnvironment(setup: {
  readonly configFile: string;
  readonly table: string;
  readonly dynamo: string;
  readonly secrets: string;
  readonly s3Endpoint: string;
  readonly clearfactsUrl: string;
}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    NODE_OPTIONS: INGEST_NODE_OPTIONS,
    AWS_REGION: 'eu-west-1',
    // s3rver takes only its own key (functions/local/local-s3.ts); the other stand-ins take any.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_S3: setup.s3Endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: setup.dynamo,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: setup.secrets,
    // s3rver predates the SDK's default CRC checksums, as functions/local/local-s3.ts says.
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    POWERTOOLS_SERVICE_NAME: 'clearfacts-mail-ingest',
    CLEARFACTS_SECRET_ID: 'bench-clearfacts',
    INGEST_CONFIG_FILE: setup.configFile,
    CLEARFACTS_API_URL: setup.clearfactsUrl,
    LEDGER_TABLE: setup.table,
    QUEUE_URL: 'http://127.0.0.1:9/000000000000/bench',
  };
}
