import './quiet-sdk-warning';
import { parseArgs } from 'node:util';
import { MessageBusyError } from '../ingest/mailbox-turns';
import { ReleaseRefusedError, releaseMessage } from '../ingest/release-message';
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

const USAGE = `Usage: npm run release -- <messageId> [--stage <name> | --stack <name>] [--region <region>]
                            [--by <name>] [--config <path>] [--json]
       npm run release -- <messageId> --local [--data-dir <dir>] [--by <name>] [--config <path>] [--json]

Uploads a message the policy held in quarantine (see npm run quarantine), after you reviewed it.
It goes through the same path as every message: the delivery ledger keeps a document from being
sent twice, so releasing twice is safe. A message with a virus is never released.
${STACK_USAGE}
  --local      release in the local inbox's data instead (see npm start)
  --data-dir   the local inbox's data (default: $LOCAL_DATA_DIR, else .local/)
  --by         who releases it, for the report (default: $USER)
  --config     the admin config (default: $INGEST_CONFIG_FILE, else config/example.json)
  --json       print the new report as JSON`;

/** SES message ids are letters and digits; anything else could reach outside the bucket's prefixes. */
const MESSAGE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/** Runs the command; returns the process exit status. */
export async function runReleaseCommand(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { ...MESSAGE_COMMAND_OPTIONS, by: { type: 'string' } },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const messageId = messageIdFrom(positionals, values);
  if (messageId === undefined || !MESSAGE_ID.test(messageId)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const target = await openMessageTarget(values, env);
  const by = values.by ?? env.USER;
  try {
    if (!values.json) process.stdout.write(`Releasing ${messageId} in ${target.description}\n`);
    const { report, reportLocation } = await releaseMessage(
      { messageId, bucket: target.bucket, rawMailPrefix: target.rawMailPrefix, ...(by ? { by } : {}) },
      target.deps,
    );
    process.stdout.write(formatMessageResult(report, reportLocation, values.json));
    return isSuccessfulReport(report) ? 0 : 1;
  } catch (error) {
    if (error instanceof ReleaseRefusedError || error instanceof MessageBusyError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (error instanceof InvalidInputError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await target.close();
  }
}

if (require.main === module) exitWith(runReleaseCommand(process.argv.slice(2), process.env));
