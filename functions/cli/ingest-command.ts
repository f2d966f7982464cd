import './quiet-sdk-warning';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ClearfactsClient } from '../clearfacts/clearfacts-client';
import { loadConfigFile } from '../config/load-config';
import type { IncomingMessage } from '../ingest/incoming-message';
import { processMessage } from '../ingest/process-message';
import { createMemoryLedger } from '../ledger/memory-ledger';
import { MailboxRouter } from '../routing/route-recipients';
import { silentLog } from '../shared/event-log';
import { exitWith } from './exit-with';
import { formatReport, isSuccessfulReport } from './format-report';
import { clearfactsUrls } from './operator-settings';

/** The config used when `--config` is not given. */
export const DEFAULT_CONFIG_PATH = resolve(__dirname, '../../config/example.json');

const USAGE = `Usage: npm run ingest -- <file.eml> --recipient <address> [--recipient <address>]
                          [--config <path>] [--dry-run] [--json]

Processes a stored email exactly as the Lambda does.
  --recipient  envelope recipient(s) to route by (required, repeatable)
  --config     the admin config file (default: config/example.json)
  --dry-run    decide what would be uploaded, but call nothing
  --json       print the message report as JSON on stdout
Uploads use CLEARFACTS_TOKEN and CLEARFACTS_API_URL (default: the config's Clearfacts endpoint).`;

/** Runs the command; returns the process exit status. */
export async function runIngestCommand(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      recipient: { type: 'string', multiple: true },
      config: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const file = positionals[0];
  const recipients = values.recipient ?? [];
  if (file === undefined || positionals.length > 1 || recipients.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfigFile(values.config ?? DEFAULT_CONFIG_PATH);
  const dryRun = values['dry-run'] === true;
  const token = env.CLEARFACTS_TOKEN;
  if (!dryRun && (token === undefined || token.trim() === '')) {
    process.stderr.write('CLEARFACTS_TOKEN is not set: set it to upload, or use --dry-run.\n');
    return 2;
  }
  const message: IncomingMessage = {
    // Same bytes, same id: a repeated run is recognisable in reports.
    messageId: `local-${createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 20)}`,
    envelopeSender: '',
    recipients,
    verdicts: {},
    attempt: 1,
    open: async () => createReadStream(file),
  };
  const report = await processMessage(message, {
    router: new MailboxRouter(config),
    uploader: new ClearfactsClient({
      apiUrl: clearfactsUrls(env, config).apiUrl,
      token: () => token ?? '',
    }),
    // One run, one message: the ledger only keeps a document listed twice from being sent twice.
    ledger: createMemoryLedger(),
    log: silentLog,
    now: () => new Date(),
    dryRun,
  });
  process.stdout.write(
    values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report).join('\n')}\n`,
  );
  if (!isSuccessfulReport(report)) {
    process.stderr.write(`Not everything was delivered: outcome "${report.outcome}".\n`);
    return 1;
  }
  return 0;
}

if (require.main === module) exitWith(runIngestCommand(process.argv.slice(2), process.env));
