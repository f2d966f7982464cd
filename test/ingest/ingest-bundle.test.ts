import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { parseConfig } from '../../functions/config/load-config';
import { type LocalS3, startLocalS3 } from '../../functions/local/local-s3';
import type { MessageReport } from '../../functions/reports/message-report';
import { INGEST_BUNDLING, INGEST_NODE_OPTIONS, runtimeFiles } from '../../infra/constructs/ingest-function';
import { functionConfigJson } from '../../infra/function-config-file';
import { bundleLikeTheStack, PROJECT_ROOT } from '../../scripts/bench/stack-bundling';
import { composeMail } from '../support/compose-mail';
import { emittedMetrics } from '../support/ingest-harness';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb';
import { minimalPdf } from '../support/minimal-pdf';
import { buildZip } from '../support/sample-zip';
import { sesNotification, snsEnvelope, sqsEvent, sqsRecord } from '../support/ses-events';

const run = promisify(execFile);
const BUCKET = 'mail-bucket';
const SECRET_ID = 'ClearfactsMailIngest/clearfacts-token';
/** Preloaded into the function's process: counts reads of `.map` files into globalThis.mapReads. */
const COUNT_MAP_READS = join(PROJECT_ROOT, 'test', 'fixtures', 'stack-traces', 'count-map-reads.cjs');

/**
 * Secrets Manager and SQS as their JSON protocols answer: GetSecretValue refused the way AWS refuses
 * an existing secret whose customer managed key the role may not use, and ChangeMessageVisibility
 * accepted. Every call is counted by its `X-Amz-Target`.
 */
function startAwsStandIn(): Promise<{ server: Server; url: string; calls: string[] }> {
  const calls: string[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    request.resume();
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      calls.push(target);
      if (target === 'secretsmanager.GetSecretValue') {
        response.writeHead(400, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-errortype': 'AccessDeniedException',
        });
        response.end(
          JSON.stringify({
            __type: 'AccessDeniedException',
            Message: 'Access to KMS is not allowed',
          }),
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end('{}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls }),
    );
  });
}

/** This process's environment without any AWS setting: no keys, no profile, no metadata service. */
function withoutAws(home: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return {
    ...env,
    HOME: home,
    USERPROFILE: home,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REGION: 'eu-west-1',
  };
}

describe('the ingest function as the stack bundles it', () => {
  let dir: string;
  let bundle: string;
  let s3: LocalS3;
  let dynamo: LocalDynamoDb;
  let aws: Awaited<ReturnType<typeof startAwsStandIn>>;
  let functionEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-bundle-'));
    bundle = join(dir, 'index.js');
    await bundleLikeTheStack({ file: 'functions/ingest/handler.ts' }, bundle, INGEST_BUNDLING);
    // What the stack copies beside the bundle (pdf.js, the WebAssembly decoders).
    for (const file of runtimeFiles(PROJECT_ROOT)) copyFileSync(file, join(dir, basename(file)));
    // As synth writes it: validated and normalised (the function reads it without checking again).
    writeFileSync(
      join(dir, 'ingest-config.json'),
      functionConfigJson(
        parseConfig({
          domain: 'invoices.example.com',
          mailboxes: [{ address: 'acme', companyNumber: '0123456749' }],
        }),
      ),
    );
    s3 = await startLocalS3({ directory: mkdtempSync(join(dir, 's3-')), buckets: [BUCKET] });
    dynamo = await startLocalDynamoDb();
    aws = await startAwsStandIn();
    functionEnv = {
      ...withoutAws(dir),
      // As the stack runs it: its NODE_OPTIONS (`--expose-gc`), never this process's.
      NODE_OPTIONS: INGEST_NODE_OPTIONS,
      LAMBDA_TASK_ROOT: dir,
      CLEARFACTS_SECRET_ID: SECRET_ID,
      LEDGER_TABLE: await dynamo.createLedgerTable(),
      // The SQS client sends to the queue URL's host: the stub's.
      QUEUE_URL: `${aws.url}/111122223333/ingest`,
      // The Clearfacts endpoint is never reached: the token is needed first.
      CLEARFACTS_API_URL: 'http://127.0.0.1:9/graphql',
    };
  }, 120_000);

  afterAll(async () => {
    aws.server.close();
    await s3.close();
    await dynamo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads without AWS credentials and asks AWS nothing while loading', async () => {
    const script = `process.on('unhandledRejection', (e) => { console.log('unhandled: ' + e); process.exitCode = 3; });
      require(${JSON.stringify(bundle)}); console.log('loaded, map reads: ' + globalThis.mapReads);`;
    const { stdout, stderr } = await run(process.execPath, ['--require', COUNT_MAP_READS, '-e', script], {
      cwd: dir,
      env: { ...functionEnv, AWS_ENDPOINT_URL: aws.url },
    });
    // The process ran to its natural end: no fetch at import failed later, none kept it alive.
    // It read no source map either: only a stack formatted does (the next test is the positive control).
    expect(stdout.trim()).toBe('loaded, map reads: 0');
    expect(stderr).not.toMatch(/CredentialsProviderError|unhandled/i);
    expect(aws.calls).toEqual([]);
  }, 60_000);

  it('reads its source map only to format a stack, which then names the TypeScript sources', async () => {
    const missing = join(dir, 'missing-config.json');
    const script = `let failed; try { require(${JSON.stringify(bundle)}); } catch (e) { failed = e; }
      const before = globalThis.mapReads; const stack = String(failed && failed.stack);
      console.log(JSON.stringify({ before, after: globalThis.mapReads, stack }));`;
    const { stdout } = await run(process.execPath, ['--require', COUNT_MAP_READS, '-e', script], {
      cwd: dir,
      env: { ...functionEnv, AWS_ENDPOINT_URL: aws.url, INGEST_CONFIG_FILE: missing },
    });
    const printed = JSON.parse(stdout);
    // The load failed on the config, as it should, and nothing had read the map yet.
    expect(printed.before).toBe(0);
    // Formatting the failure's stack read it, and names where the TypeScript reads the config.
    expect(printed.after).toBe(1);
    expect(printed.stack.split('\n')[0]).toBe(
      `ConfigError: Cannot read the function's config file ${missing}`,
    );
    expect(printed.stack).toMatch(
      /\n {4}at readFunctionConfig \(\S+\/functions\/config\/function-config\.ts:\d+:\d+\)\n/,
    );
  }, 60_000);

  it('stays alive without AWS credentials and reports its first invocation as a configuration error', async () => {
    const event = sqsEvent([
      sqsRecord(
        'sqs-msg-nocreds',
        snsEnvelope(
          sesNotification({
            messageId: 'msg-nocreds',
            recipients: ['acme@invoices.example.com'],
            bucket: BUCKET,
          }),
        ),
      ),
    ]);
    const script = `process.on('unhandledRejection', (e) => { console.log('unhandled: ' + e); process.exitCode = 3; });
      const { handler } = require(${JSON.stringify(bundle)});
      const context = { functionName: 'ingest', awsRequestId: 'r1', getRemainingTimeInMillis: () => 600000 };
      handler(${JSON.stringify(event)}, context).then((r) => console.log('RESULT ' + JSON.stringify(r)), (e) => console.log('THREW ' + e));`;
    const before = aws.calls.length;
    const { stdout, stderr } = await run(process.execPath, ['-e', script], {
      cwd: dir,
      // No credentials anywhere; every service pointed at the local stand-in so nothing leaves the machine.
      env: { ...functionEnv, AWS_ENDPOINT_URL: aws.url },
    });
    expect(`${stdout}${stderr}`).not.toMatch(/unhandled|THREW/);
    // The message goes back to the queue, and the run says an admin must fix the environment.
    const result = stdout.split('\n').find((line) => line.startsWith('RESULT '));
    expect(JSON.parse(result?.slice('RESULT '.length) ?? '{}')).toEqual({
      batchItemFailures: [{ itemIdentifier: 'sqs-msg-nocreds' }],
    });
    const failed = `${stdout}\n${stderr}`
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => entry.message === 'record failed');
    expect(failed).toMatchObject({
      level: 'ERROR',
      recordId: 'sqs-msg-nocreds',
      errorKind: 'configuration',
      // Without credentials the first AWS call the record needs is the ledger's.
      error: `StorageError: Cannot write msg#msg-nocreds#acme@invoices.example.com to the ledger table ${functionEnv.LEDGER_TABLE}`,
    });
    // Nothing reached the stand-in every service points at (the next test shows it counts calls).
    expect(aws.calls.length).toBe(before);
  }, 60_000);

  it('reports a secret it may not read as a configuration error of the upload, and keeps the message', async () => {
    // Zipped, so the bundle also loads a package built beside it (yauzl, infra/lazy-packages.ts).
    const raw = await composeMail({
      subject: 'Invoice 7',
      attachments: [
        {
          filename: 'facturen.zip',
          content: buildZip([{ name: 'invoice-7.pdf', content: minimalPdf('Invoice 7') }]),
        },
      ],
    });
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'inbound/msg-cmk', Body: raw }));
    const event = sqsEvent([
      sqsRecord(
        'sqs-msg-cmk',
        snsEnvelope(
          sesNotification({
            messageId: 'msg-cmk',
            recipients: ['acme@invoices.example.com'],
            bucket: BUCKET,
          }),
        ),
      ),
    ]);
    const script = `const { handler } = require(${JSON.stringify(bundle)});
      const context = { functionName: 'ingest', awsRequestId: 'r1', getRemainingTimeInMillis: () => 600000 };
      handler(${JSON.stringify(event)}, context).then((r) => console.log('RESULT ' + JSON.stringify(r)), (e) => console.log('THREW ' + e));
      process.on('exit', () => console.log('LOADED ' + JSON.stringify({ pdfjs: typeof globalThis.pdfjsLib, mapReads: globalThis.mapReads })));`;

    const { stdout } = await run(process.execPath, ['--require', COUNT_MAP_READS, '-e', script], {
      cwd: dir,
      env: {
        ...functionEnv,
        // Credentials this time; each service at its stand-in, Secrets Manager and SQS at the stub.
        // s3rver's fixed pair (dynalite takes any).
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
        AWS_ENDPOINT_URL_SQS: aws.url,
        AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
        AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      },
    });

    const result = stdout.split('\n').find((line) => line.startsWith('RESULT '));
    // The message goes back to the queue (retried later), it is not dropped.
    expect(JSON.parse(result?.slice('RESULT '.length) ?? '{}')).toEqual({
      batchItemFailures: [{ itemIdentifier: 'sqs-msg-cmk' }],
    });
    expect(aws.calls).toContain('secretsmanager.GetSecretValue');
    expect(aws.calls).toContain('AmazonSQS.ChangeMessageVisibility');
    const object = await s3.client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'reports/msg-cmk.json' }),
    );
    const report = JSON.parse(await (object.Body?.transformToString() ?? '')) as MessageReport;
    expect(report.outcome).toBe('retrying');
    expect(report.deliveries[0]?.uploads[0]).toMatchObject({
      filename: 'invoice-7.pdf',
      status: 'failed',
      errorKind: 'configuration',
      error: expect.stringContaining(
        `Cannot read the Secrets Manager secret ${SECRET_ID}: AccessDeniedException: Access to KMS is not allowed`,
      ),
    });
    expect(emittedMetrics(stdout)).toMatchObject({ ClearfactsAuthFailures: 1 });
    // pdf.js read the PDF, and formatted a stack as it loaded (core-js's probe), without the map being
    // read: only a stack of the function's own code reads it (the test above is the positive control).
    const loaded = stdout.split('\n').find((line) => line.startsWith('LOADED '));
    expect(JSON.parse(loaded?.slice('LOADED '.length) ?? '{}')).toEqual({ pdfjs: 'object', mapReads: 0 });
  }, 60_000);
});
