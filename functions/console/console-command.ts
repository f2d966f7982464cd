import '../cli/quiet-sdk-warning';
import { parseArgs } from 'node:util';
import { type CliDeps, cliDeps } from '../cli/cli-deps';
import { exitWith } from '../cli/exit-with';
import { MESSAGE_COMMAND_OPTIONS } from '../cli/message-command';
import { STACK_USAGE } from '../cli/target';
import { portOption } from '../local/local-settings';
import { newConsoleSecrets } from './console-access';
import { openConsoleBackend } from './console-backend';
import { type RunningConsole, startConsoleServer } from './console-server';

const USAGE = `Usage: npm run console -- [--stage <name> | --stack <name>] [--region <region>] [options]
       npm run console -- --local [--data-dir <dir>] [options]

A review console in your browser: recent messages and their reports, every document previewed,
quarantined mail to release or discard, dead letters to replay. It runs on your machine only
(127.0.0.1), reads the deployed stack with your own AWS credentials (or the local inbox's data),
and prints an address holding a one-time access token.
${STACK_USAGE}
  --local             the local inbox's data instead (see npm start)
  --data-dir <dir>    the local inbox's data (default: $LOCAL_DATA_DIR, else .local/)
  --config <path>     the admin config (default: $INGEST_CONFIG_FILE, else config/example.json)
  --port <port>       the port to listen on (default: any free port)
  --by <name>         who reviews, for the reports (default: $USER)
  --no-open           print the address, do not open a browser`;

/** Starts the console and resolves once it is listening; the caller decides when it stops. */
export async function startConsole(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  overrides: Partial<CliDeps> = {},
): Promise<RunningConsole | number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...MESSAGE_COMMAND_OPTIONS,
      port: { type: 'string' },
      by: { type: 'string' },
      'no-open': { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.local && (values.stage ?? values.stack ?? values.region) !== undefined) {
    process.stderr.write(`--local reads local data: leave out --stage, --stack and --region\n\n${USAGE}\n`);
    return 2;
  }
  const deps = cliDeps(overrides);
  const backend = await openConsoleBackend(values, env, deps);
  const by = values.by ?? env.USER;
  const port = portOption('port', values.port);
  try {
    const running = await startConsoleServer({
      backend,
      secrets: newConsoleSecrets(),
      now: deps.now,
      ...(by === undefined ? {} : { by }),
      ...(port === undefined ? {} : { port }),
    });
    process.stdout.write(
      `Review console for ${backend.description}\n  ${running.url}\n(only this machine can reach it; Ctrl-C stops it)\n`,
    );
    if (!values['no-open']) await deps.openBrowser(running.url);
    return {
      ...running,
      close: async () => {
        await running.close();
        await backend.close();
      },
    };
  } catch (error) {
    await backend.close();
    throw error;
  }
}

/** Runs the console until Ctrl-C; resolves to the exit status. */
export async function runConsoleCommand(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const running = await startConsole(argv, env);
  if (typeof running === 'number') return running;
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await running.close();
  return 0;
}

if (require.main === module) exitWith(runConsoleCommand(process.argv.slice(2), process.env));
