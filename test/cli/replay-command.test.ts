import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  DescribeStacksCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { findStackResources, stackNameFor } from '../../functions/cli/replay-aws';
import { runReplayCommand } from '../../functions/cli/replay-command';
import { localPaths } from '../../functions/local/local-paths';
import { startLocalS3 } from '../../functions/local/local-s3';
import { LOCAL_BUCKET } from '../../functions/local/local-stack';
import type { MessageReport } from '../../functions/reports/message-report';
import { captureOutput } from '../support/capture-output';
import { composeMail } from '../support/compose-mail';
import { minimalPdf } from '../support/minimal-pdf';

const ACME = 'acme@invoices.example.com';
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'replay-'));
  const s3 = await startLocalS3({ directory: localPaths(dataDir).s3, buckets: [LOCAL_BUCKET] });
  const raw = await composeMail({
    attachments: [{ filename: 'replayed.pdf', content: minimalPdf('Replayed invoice') }],
  });
  await s3.client.send(new PutObjectCommand({ Bucket: LOCAL_BUCKET, Key: 'inbound/msg-local', Body: raw }));
  await s3.close();
  s3.client.destroy();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function replay(args: string[]) {
  return captureOutput(() => runReplayCommand(args, {}));
}

async function sandboxFiles(): Promise<string[]> {
  const folder = join(localPaths(dataDir).clearfacts, '0123456749');
  return (await readdir(folder).catch(() => [])).filter((name) => !name.endsWith('.json'));
}

describe('npm run replay -- --local', () => {
  it('processes a stored message in the local inbox, then replays it without sending the document again', async () => {
    const first = await replay([
      'msg-local',
      '--local',
      '--data-dir',
      dataDir,
      '--recipient',
      ACME,
      '--json',
    ]);

    expect(first.result).toBe(0);
    const report = JSON.parse(first.output) as MessageReport;
    expect(report).toMatchObject({ outcome: 'delivered', replay: true, attempt: 1 });
    expect(await sandboxFiles()).toHaveLength(1);

    // The recipients now come from the report written by the first run.
    const second = await replay(['msg-local', '--local', '--data-dir', dataDir]);

    expect(second.result).toBe(0);
    expect(second.output).toContain('(in an earlier attempt)');
    expect(second.output).toContain(`report s3://${LOCAL_BUCKET}/reports/msg-local.json`);
    expect(await sandboxFiles()).toHaveLength(1);
  });

  it('asks for the recipients of a message that has no report', async () => {
    const { result, output } = await replay(['msg-unknown', '--local', '--data-dir', dataDir]);
    expect(result).toBe(2);
    expect(output).toContain('pass them with --recipient');
  });

  it('refuses AWS options together with --local', async () => {
    const { result } = await replay(['msg-local', '--local', '--stage', 'prod']);
    expect(result).toBe(2);
  });
});

describe('npm run replay against the deployed stack', () => {
  const cloudFormation = mockClient(CloudFormationClient);
  afterEach(() => cloudFormation.reset());

  it('names the stack after --stack, else the stage, else $CLEARFACTS_STACK', () => {
    expect(stackNameFor(undefined, undefined)).toBe('ClearfactsMailIngest');
    expect(stackNameFor(undefined, 'prod')).toBe('ClearfactsMailIngest-prod');
    expect(stackNameFor('Custom', 'prod')).toBe('Custom');
    expect(stackNameFor(undefined, undefined, { CLEARFACTS_STACK: 'FromEnv' })).toBe('FromEnv');
  });

  it('finds the bucket and secret among the outputs and the ledger among the resources', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'ClearfactsMailIngest',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [
            { OutputKey: 'MailBucketName', OutputValue: 'mail-bucket-1' },
            { OutputKey: 'ClearfactsSecretName', OutputValue: 'ClearfactsMailIngest/clearfacts-token' },
            { OutputKey: 'DeadLetterQueueUrl', OutputValue: 'https://sqs/dlq' },
          ],
        },
      ],
    });
    cloudFormation.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        {
          LogicalResourceId: 'LedgerTable1234',
          PhysicalResourceId: 'ClearfactsMailIngest-LedgerTable-XYZ',
          ResourceType: 'AWS::DynamoDB::Table',
          LastUpdatedTimestamp: new Date(),
          ResourceStatus: 'CREATE_COMPLETE',
        },
      ],
    });

    const client = new CloudFormationClient({ region: 'eu-west-1' });
    expect(await findStackResources(client, 'ClearfactsMailIngest')).toEqual({
      bucket: 'mail-bucket-1',
      secretId: 'ClearfactsMailIngest/clearfacts-token',
      ledgerTable: 'ClearfactsMailIngest-LedgerTable-XYZ',
    });
  });
});
