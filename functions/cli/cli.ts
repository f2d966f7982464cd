import './quiet-sdk-warning';
import { runConsoleCommand } from '../console/console-command';
import { describeError } from '../shared/errors';
import { runDoctorCommand } from './doctor-command';
import { runIngestCommand } from './ingest-command';
import { runQuarantineCommand } from './quarantine-command';
import { runReleaseCommand } from './release-command';
import { runReplayCommand } from './replay-command';
import { runStatusCommand } from './status-command';
import { runTokenCommand } from './token-command';
import { UsageError } from './usage-error';

/** One subcommand: a line for the overview and the function that runs it. */
interface Command {
  readonly summary: string;
  readonly run: (argv: readonly string[], env: NodeJS.ProcessEnv) => Promise<number>;
}

/** Every subcommand, in the order the overview lists them. */
const COMMANDS: Readonly<Record<string, Command>> = {
  doctor: {
    summary: 'is my setup right? checks the token, its scopes and every mailbox',
    run: runDoctorCommand,
  },
  status: {
    summary: 'what happened lately? recent messages, counts per outcome, the queues',
    run: runStatusCommand,
  },
  token: {
    summary: 'token set (personal access token) or token login (OpenID Connect) into the secret',
    run: runTokenCommand,
  },
  ingest: {
    summary: 'process a stored .eml exactly as the Lambda does',
    run: runIngestCommand,
  },
  replay: {
    summary: 'process a received message again (the ledger keeps documents from being sent twice)',
    run: runReplayCommand,
  },
  quarantine: {
    summary: 'what does the sender and verdict policy hold? the messages waiting for review, and why',
    run: runQuarantineCommand,
  },
  release: {
    summary: 'upload a reviewed message from quarantine (never a virus; the ledger sends it once)',
    run: runReleaseCommand,
  },
  console: {
    summary: 'a review console in your browser: messages, document previews, quarantine, dead letters',
    run: runConsoleCommand,
  },
};

const USAGE = `Usage: npm run cli -- <command> [options]      (or clearfacts-mail <command> [options])

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(12)}${command.summary}`)
  .join('\n')}

Run "npm run cli -- <command> --help" for a command's options. Every command takes --json
for scripts and exits 0 only on success.`;

/** Runs one subcommand; returns the exit status (2 for a wrong command line). */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`${name === undefined ? '' : `Unknown command "${name}".\n\n`}${USAGE}\n`);
    return 2;
  }
  try {
    return await command.run(rest, env);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      process.stderr.write(`${(error as Error).message}\nSee "npm run cli -- ${name} --help".\n`);
      return 2;
    }
    // Errors of this project never carry the token (see redact-token.ts); nothing else is printed.
    process.stderr.write(`${describeError(error)}\n`);
    return 1;
  }
}

/** node:util parseArgs refuses unknown flags and missing values with these codes. */
function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

if (require.main === module) {
  main(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
