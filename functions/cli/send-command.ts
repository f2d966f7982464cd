import './quiet-sdk-warning';
import { open, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { createTransport, type SendMailOptions } from 'nodemailer';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import { loadConfigFile } from '../config/load-config';
import { configPath, readLocalEnvironment, smtpPort } from '../local/local-settings';
import { HEADER_BLOCK_BYTES, summariseHeaders } from '../local/message-headers';
import { defaultRecipient, SAMPLE_SENDER, sampleInvoiceMessage } from '../local/sample-invoice';
import { describeError } from '../shared/errors';
import { exitWith } from './exit-with';

const USAGE = `Usage: npm run send -- [file.eml ...] [--to <address>] [--from <address>] [--port <port>]
                        [--config <path>]

Sends messages over SMTP to the local inbox that \`npm start\` runs.
  file.eml   raw messages, sent as they are (default: a sample invoice with a generated PDF)
  --to       envelope recipient, repeatable (default: the purchase address of the config's first company)
  --from     envelope sender (default: the message's From address)
  --port     the inbox's SMTP port (default: $LOCAL_SMTP_PORT, else 2525)
  --config   the config the default recipient comes from (default: $INGEST_CONFIG_FILE, else the example)`;

/** One message to send, with what to call it in the output. */
interface Outgoing {
  readonly label: string;
  readonly mail: SendMailOptions;
}

/** Runs the command; returns the process exit status (1 when any message or recipient was refused). */
export async function runSendCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  write: (line: string) => void,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      to: { type: 'string', multiple: true },
      from: { type: 'string' },
      port: { type: 'string' },
      config: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    write(USAGE);
    return 0;
  }
  const environment = readLocalEnvironment(env);
  const port = smtpPort(values.port, environment);
  const to = values.to ?? [defaultRecipient(loadConfigFile(configPath(values.config, environment)))];
  const outgoing =
    positionals.length === 0
      ? [sample(to, values.from)]
      : await Promise.all(positionals.map((file) => rawMessage(file, to, values.from)));

  const transport = createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    name: 'localhost',
  });
  let failures = 0;
  try {
    for (const { label, mail } of outgoing) {
      try {
        const info = await transport.sendMail(mail);
        write(`sent ${label} to ${info.accepted.join(', ')}: ${info.response}`);
        for (const error of (info as { rejectedErrors?: SMTPConnection.SMTPError[] }).rejectedErrors ?? []) {
          failures += 1;
          write(`  refused ${error.recipient ?? 'a recipient'}: ${error.response ?? error.message}`);
        }
      } catch (error) {
        failures += 1;
        write(`not sent ${label}: ${explain(error, port)}`);
      }
    }
  } finally {
    transport.close();
  }
  if (failures === 0) write('Watch the terminal running `npm start` to follow each message.');
  return failures === 0 ? 0 : 1;
}

function sample(to: readonly string[], from: string | undefined): Outgoing {
  const { filename, ...mail } = sampleInvoiceMessage(to.join(', '), new Date());
  return {
    label: `sample invoice "${mail.subject}" (${filename})`,
    mail: { ...mail, envelope: { from: from ?? addressOf(SAMPLE_SENDER), to: [...to] } },
  };
}

async function rawMessage(file: string, to: readonly string[], from: string | undefined): Promise<Outgoing> {
  const raw = await readFile(file);
  const sender =
    from ?? addressOf((await summariseHeaders(await headOf(file))).commonHeaders.from?.[0] ?? '');
  return { label: basename(file), mail: { raw, envelope: { from: sender, to: [...to] } } };
}

/** The start of a file, enough for its header block. */
async function headOf(file: string): Promise<Buffer> {
  const handle = await open(file);
  try {
    const buffer = Buffer.alloc(HEADER_BLOCK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** `billing@supplier.example.be` from `Supplier BV <billing@supplier.example.be>`. */
function addressOf(mailbox: string): string {
  return /<([^>]*)>\s*$/.exec(mailbox)?.[1] ?? mailbox.trim();
}

function explain(error: unknown, port: number): string {
  const { code, response } = error as SMTPConnection.SMTPError;
  if (code === 'ESOCKET' && /ECONNREFUSED/.test(String((error as Error).message))) {
    return `nothing listens on 127.0.0.1:${port}; start the local inbox first with \`npm start\``;
  }
  return response ?? describeError(error);
}

if (require.main === module) {
  exitWith(runSendCommand(process.argv.slice(2), process.env, (line) => process.stdout.write(`${line}\n`)));
}
