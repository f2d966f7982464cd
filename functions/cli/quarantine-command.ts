import './quiet-sdk-warning';
import type { StoredReport } from '../reports/recent-reports';
import { describeError } from '../shared/errors';
import { type OperatorCommand, operatorCommand } from './operator-command';
import { renderTable } from './table';
import { TARGET_USAGE, Target } from './target';
import { parseTimeOption } from './time-option';
import { UsageError } from './usage-error';

/** The window unless `--since` says otherwise: a quarantine is looked at within weeks, not months. */
export const DEFAULT_QUARANTINE_SINCE = '90d';
/** Reports read at most per run (the newest); a narrower `--since` reaches older ones. */
const MAX_REPORTS_READ = 5_000;

const USAGE = `Usage: npm run quarantine -- [--since <when>] [--json] [where to look]

Lists the messages the sender or verdict policy holds, newest first, with why. Review one (its
report and raw mail are in the bucket), then upload it with: npm run release -- <messageId>
  --since <when>      from when: 7d, 2w or a date like 2026-11-01 (default ${DEFAULT_QUARANTINE_SINCE})
  --bucket <name>     the mail bucket, instead of the stack's output
  --json              print the list as JSON
${TARGET_USAGE}`;

/** One message waiting in quarantine. */
export interface QuarantinedMessage {
  readonly messageId: string;
  /** When it arrived (SES's time), else when it was processed. */
  readonly time: string;
  readonly mailboxes: readonly string[];
  readonly sender: string;
  readonly subject?: string;
  /** Why it is held, per mailbox. */
  readonly reasons: readonly string[];
  /** False for a virus: it can be inspected, never released. */
  readonly releasable: boolean;
  readonly report: string;
}

/** Runs `quarantine`; resolves to the exit status. */
export const runQuarantineCommand: OperatorCommand = operatorCommand(
  USAGE,
  { since: { type: 'string' }, bucket: { type: 'string' } },
  async (values, env, deps) => {
    const since = parseTimeOption('since', values.since ?? DEFAULT_QUARANTINE_SINCE, deps.now());
    const source = await new Target(values, env, deps).recentReports();
    const read = await source.list({ since, limit: MAX_REPORTS_READ });
    const waiting = read.reports.flatMap(quarantinedMessage);
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({ source: source.description, since, messages: waiting }, null, 2)}\n`,
      );
      return 0;
    }
    const lines = [
      `${waiting.length} message${waiting.length === 1 ? '' : 's'} in quarantine (${source.description})`,
    ];
    if (waiting.length > 0) {
      const rows = waiting.map((message) => [
        message.time.slice(0, 16).replace('T', ' '),
        message.messageId,
        message.mailboxes.join(', '),
        message.sender,
        `${message.releasable ? '' : '[never released] '}${message.reasons.join('; ')}`,
      ]);
      lines.push(
        '',
        ...renderTable(['TIME (UTC)', 'MESSAGE', 'MAILBOX', 'SENDER', 'WHY'], rows, {
          maxWidths: [undefined, undefined, 40, 40],
        }).map((line) => `  ${line}`),
      );
      lines.push('', '  → review one, then: npm run release -- <messageId>');
    }
    if (read.skipped > 0)
      lines.push(`  ${read.skipped} older reports were not read: narrow --since to see them`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
);

/** The report as a quarantine entry, when some mailbox still holds the message. */
export function quarantinedMessage(stored: StoredReport): QuarantinedMessage[] {
  const { report } = stored;
  // Reviewed and discarded in the console: no longer waiting, though the raw mail stays.
  if (report.discarded !== undefined) return [];
  const held = report.deliveries.filter((delivery) => delivery.policy?.action === 'quarantine');
  if (held.length === 0) return [];
  return [
    {
      messageId: report.messageId,
      time: report.receivedAt ?? report.processedAt ?? stored.storedAt.toISOString(),
      mailboxes: held.map((delivery) => delivery.mailbox),
      sender: report.from ?? report.envelopeSender ?? '',
      ...(report.subject === undefined ? {} : { subject: report.subject }),
      reasons: [...new Set(held.map((delivery) => delivery.policy?.reason ?? 'held by the policy'))],
      releasable: held.every((delivery) => delivery.policy?.releasable !== false),
      report: stored.location,
    },
  ];
}

if (require.main === module) {
  runQuarantineCommand(process.argv.slice(2), process.env).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      const usage =
        error instanceof UsageError ||
        String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
      process.stderr.write(`${usage ? (error as Error).message : describeError(error)}\n`);
      process.exitCode = usage ? 2 : 1;
    },
  );
}
