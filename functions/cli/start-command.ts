import './quiet-sdk-warning';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../config/load-config';
import { eventLines } from '../local/event-lines';
import type { LocalEvent } from '../local/local-events';
import {
  configPath,
  DEFAULT_DATA_DIR,
  portOption,
  readLocalEnvironment,
  smtpPort,
} from '../local/local-settings';
import { type LocalStack, startLocalStack } from '../local/local-stack';
import { defaultRecipient } from '../local/sample-invoice';
import { verdictsFrom } from '../local/ses-notification-builder';
import { findChromium, systemProbe } from '../render/find-chromium';
import { exitWith } from './exit-with';

const USAGE = `Usage: npm start -- [--config <path>] [--data-dir <dir>] [--port <port>]
                 [--s3-port <port>] [--sandbox-port <port>] [--verdict <name>=<STATUS>]

Runs the whole pipeline on 127.0.0.1: an SMTP inbox standing in for SES, a local S3, a queue
that hands each message to the Lambda's own code, and a Clearfacts sandbox.
  --config        the admin config (default: $INGEST_CONFIG_FILE, else config/example.json)
  --data-dir      where mail, reports and uploads are kept (default: $LOCAL_DATA_DIR, else .local/)
  --port          the SMTP port (default: $LOCAL_SMTP_PORT, else 2525)
  --s3-port       the local S3 port (default: any free port)
  --sandbox-port  the Clearfacts sandbox port (default: any free port)
  --verdict       an SES verdict other than PASS, e.g. --verdict dmarc=FAIL (repeatable)
With CLEARFACTS_TOKEN set, documents go to the real Clearfacts (CLEARFACTS_API_URL, else the
config's endpoint) instead of the sandbox.`;

/** Where the command writes, and what stops it (Ctrl-C when run from a terminal). */
export interface StartCommandIo {
  readonly write: (line: string) => void;
  readonly until: Promise<unknown>;
}

/** Runs the local stack until `io.until` settles; returns the process exit status. */
export async function runStartCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: StartCommandIo,
): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      's3-port': { type: 'string' },
      'sandbox-port': { type: 'string' },
      verdict: { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    io.write(USAGE);
    return 0;
  }
  const environment = readLocalEnvironment(env);
  const configFile = configPath(values.config, environment);
  const config = loadConfigFile(configFile);
  const show = (path: string): string => {
    const shown = relative(process.cwd(), path);
    return shown.startsWith('..') ? path : shown;
  };
  const token = environment.CLEARFACTS_TOKEN;
  const port = smtpPort(values.port, environment);

  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      config,
      dataDir: values['data-dir'] ?? environment.LOCAL_DATA_DIR ?? DEFAULT_DATA_DIR,
      smtpPort: port,
      s3Port: portOption('s3-port', values['s3-port']) ?? 0,
      sandboxPort: portOption('sandbox-port', values['sandbox-port']) ?? 0,
      verdicts: verdictsFrom(values.verdict ?? []),
      ...(token === undefined
        ? {}
        : { clearfacts: { apiUrl: environment.CLEARFACTS_API_URL ?? config.clearfacts.apiUrl, token } }),
      onEvent: (event) => printEvent(event, io.write, show),
      // CHROMIUM_PATH from the command's environment, like every other setting.
      findBrowser: () => findChromium({ ...systemProbe(), env }),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      const busy = (error as { port?: number }).port ?? port;
      io.write(
        `Port ${busy} on 127.0.0.1 is already in use (another npm start?): stop it or choose another port.`,
      );
      return 1;
    }
    throw error;
  }

  const clearfacts = stack.sandbox
    ? `${stack.clearfactsUrl} (sandbox; uploads in ${show(stack.paths.clearfacts)}/)`
    : `${stack.clearfactsUrl} (the REAL Clearfacts, with CLEARFACTS_TOKEN)`;
  io.write(
    [
      'Local inbox running on 127.0.0.1 (Ctrl-C to stop)',
      `  SMTP        port ${stack.smtpPort}, mail for @${config.domain}`,
      `  S3          ${stack.s3Endpoint}, bucket ${stack.bucket} (files in ${show(stack.paths.s3)}/)`,
      `  Clearfacts  ${clearfacts}`,
      `  config      ${show(configFile)}`,
      `  browser     ${stack.browser}`,
      `Send a sample invoice from another terminal: npm run send (to ${defaultRecipient(config)})`,
    ].join('\n'),
  );
  await io.until;
  io.write('Stopping…');
  await stack.stop();
  io.write('Stopped.');
  return 0;
}

function printEvent(event: LocalEvent, write: (line: string) => void, show: (path: string) => string): void {
  const time = new Date().toTimeString().slice(0, 8);
  const [first, ...rest] = eventLines(event, show);
  if (first === undefined) return;
  write([`${time} ${first}`, ...rest.map((line) => `         ${line.trimStart()}`)].join('\n'));
}

if (require.main === module) {
  // The first Ctrl-C stops cleanly; a second one (no listener left) ends the process at once.
  const until = new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  exitWith(
    runStartCommand(process.argv.slice(2), process.env, {
      write: (line) => process.stdout.write(`${line}\n`),
      until,
    }),
  );
}
