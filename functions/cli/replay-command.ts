import './quiet-sdk-warning';
import { parseArgs } from 'node:util';
import { MessageBusyError } from '../ingest/mailbox-turns';
import { replayMessage } from '../ingest/replay-message';
import { InvalidInputError } from '../shared/errors';
import { exitWith } from './exit-with';
import { isSuccessfulReport } from './format-report';
import {
  formatMessageResult,
  MESSAGE_COMMAND_OPTIONS,
  messageIdFrom,
  openMessageTarget,
} from './message-command';
import { STACK_USAGE } from './target';

const USAGE = `Usage: npm run replay -- <messageId> [--stage <name> | --stack <name>] [--region <region>]
                           [--recipient <address>]... [--config <path>] [--json]
       npm run replay -- <messageId> --local [--data-dir <dir>] [--recipient <address>]... [--config <path>] [--json]

Processes a stored message again with the function's own code, for example after fixing a
mailbox in the config. Safe to repeat: the delivery ledger keeps every document that already
reached Clearfacts from being sent again. The new report replaces the old one.
${STACK_USAGE}
  --local      replay in the local inbox's data instead (see npm start)
  --data-dir   the local inbox's data (default: $LOCAL_DATA_DIR, else .local/)
  --recipient  envelope recipient to route by, repeatable (default: those in the message's report)
  --config     the admin config (default: $INGEST_CONFIG_FILE, else config/example.json)
  --json       print the new report as JSON
Against AWS it uses your AWS credentials to read the stack's outputs, the mail bucket, the
ledger table and the Clearfacts secret.`;

/** Runs the command; returns the process exit status. */
export async function runReplayCommand(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { ...MESSAGE_COMMAND_OPTIONS, recipient: { type: 'string', multiple: true } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const messageId = messageIdFrom(positionals, values);
  if (messageId === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const target = await openMessageTarget(values, env);
  try {
    if (!values.json) process.stdout.write(`Replaying ${messageId} in ${target.description}\n`);
    const { report, reportLocation } = await replayMessage(
      {
        messageId,
        bucket: target.bucket,
        rawMailPrefix: target.rawMailPrefix,
        ...(values.recipient === undefined ? {} : { recipients: values.recipient }),
      },
      target.deps,
    );
    process.stdout.write(formatMessageResult(report, reportLocation, values.json));
    return isSuccessfulReport(report) ? 0 : 1;
  } catch (error) {
    if (error instanceof MessageBusyError || error instanceof InvalidInputError) {
      process.stderr.write(`${error.message}\n`);
      return error instanceof InvalidInputError ? 2 : 1;
    }
    throw error;
  } finally {
    await target.close();
  }
}

if (require.main === module) exitWith(runReplayCommand(process.argv.slice(2), process.env));
