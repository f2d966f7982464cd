import { join } from 'node:path';
import { runIngestCommand } from '../../functions/cli/ingest-command';
import type { MessageReport } from '../../functions/reports/message-report';
import { captureOutput } from '../support/capture-output';
import { type ClearfactsStandIn, startClearfactsStandIn } from '../support/clearfacts-stand-in';

const fixture = join(__dirname, '../fixtures/mail/pdf-as-octet-stream.eml');
const TOKEN = `cli${'T0k3n'.repeat(15)}end`;
const RECIPIENT = 'purchase-0123456749@invoices.example.com';

let clearfacts: ClearfactsStandIn;
beforeAll(async () => {
  clearfacts = await startClearfactsStandIn({ token: TOKEN });
});
afterAll(() => clearfacts.close());

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return captureOutput(() => runIngestCommand(args, env));
}

describe('npm run ingest', () => {
  it('prints the decisions as a JSON report on a dry run and calls nothing', async () => {
    const before = clearfacts.requests.length;
    const { result, output } = await run([fixture, '--recipient', RECIPIENT, '--dry-run', '--json']);
    expect(result).toBe(0);
    const report = JSON.parse(output) as MessageReport;
    expect(report.outcome).toBe('planned');
    expect(report.recipients[0]).toMatchObject({ companyNumber: '0123456749', invoiceType: 'PURCHASE' });
    const planned = report.documents.filter((document) => document.decision === 'upload');
    expect(planned.map((document) => [document.filename, document.detectedType])).toEqual([
      ['factuur-2026-014.pdf', 'pdf'],
      ['attachment-2.pdf', 'pdf'],
    ]);
    expect(report.deliveries[0]?.uploads[0]?.status).toBe('planned');
    expect(clearfacts.requests.length).toBe(before);
  });

  it('uploads with CLEARFACTS_TOKEN to CLEARFACTS_API_URL and prints readable lines', async () => {
    const { result, output } = await run([fixture, '--recipient', RECIPIENT], {
      CLEARFACTS_TOKEN: TOKEN,
      CLEARFACTS_API_URL: clearfacts.url,
    });
    expect(result).toBe(0);
    const upload = clearfacts.uploads.at(-1);
    expect(upload?.companyNumber).toBe('0123456749');
    expect(output).toContain(`as ${upload?.uuid}`);
    expect(output).not.toContain(TOKEN);
  });

  it('exits non-zero with a clear message when Clearfacts refuses the token', async () => {
    const { result, output } = await run([fixture, '--recipient', RECIPIENT], {
      CLEARFACTS_TOKEN: 'wrong-token',
      CLEARFACTS_API_URL: clearfacts.url,
    });
    expect(result).toBe(1);
    expect(output).toContain('Not everything was delivered: outcome "retrying"');
    expect(output).toContain('401');
  });

  it('refuses to upload without a token', async () => {
    const { result, output } = await run([fixture, '--recipient', RECIPIENT]);
    expect(result).toBe(2);
    expect(output).toContain('CLEARFACTS_TOKEN is not set');
  });

  it('exits non-zero when no recipient matches a mailbox', async () => {
    const { result, output } = await run([
      fixture,
      '--recipient',
      'nobody@invoices.example.com',
      '--dry-run',
    ]);
    expect(result).toBe(1);
    expect(output).toContain('not routed (no mailbox is configured for nobody@invoices.example.com)');
  });

  it('shows usage when the file or recipient is missing', async () => {
    const { result, output } = await run([fixture]);
    expect(result).toBe(2);
    expect(output).toContain('Usage: npm run ingest');
  });
});
