import type { QueueDepth, QueueReport } from '../queues/queue-depth';
import { describeError } from '../shared/errors';
import { type Colours, coloursFor } from './colours';
import {
  countOutcomes,
  documentSummary,
  matchesMailbox,
  STATUS_OUTCOMES,
  type StatusOutcome,
  type StatusRow,
  statusRow,
} from './message-status';
import { type OperatorCommand, operatorCommand } from './operator-command';
import { renderTable } from './table';
import { TARGET_USAGE, Target } from './target';
import { formatDuration, parseTimeOption } from './time-option';
import { UsageError } from './usage-error';

/** Rows shown unless `--last` says otherwise: a screenful. */
export const DEFAULT_LAST = 20;
/** The window unless `--since` says otherwise: a week covers "last Friday's invoice". */
export const DEFAULT_SINCE = '7d';
/** A problem is cut to this many characters in the table; `--json` and the report have it whole. */
const MAX_PROBLEM_CHARS = 100;

/** Reports read at most per run (the newest); a narrower `--since` reaches older ones. */
export const MAX_REPORTS_READ = 5_000;

const USAGE = `Usage: npm run cli -- status [--last <n>] [--since <when>] [--until <when>]
                       [--mailbox <address|name|company>] [--outcome <outcome>] [--json] [where to look]

What happened lately? The newest messages with their outcome (from the reports beside the mail),
counts per outcome, and the ingest and dead-letter queues.
  --last <n>          rows to show (default ${DEFAULT_LAST}); the counts cover the whole window
  --since <when>      from when: 30m, 24h, 7d, 2w or a date like 2026-11-01 (default ${DEFAULT_SINCE})
  --until <when>      until when (default: now)
  --mailbox <m>       only this mailbox: address, local part or company number (repeatable)
  --outcome <o>       only ${STATUS_OUTCOMES.join(', ')} (repeatable)
  --bucket <name>     the mail bucket, instead of the stack's output
  --queue-url <url>   the ingest queue, instead of the stack's output
  --dlq-url <url>     the dead-letter queue, instead of the stack's output
  --json              print everything as JSON
${TARGET_USAGE}`;

/** Everything `status` found, as `--json` prints it. */
export interface StatusResult {
  readonly source: string;
  readonly since: string;
  readonly until?: string;
  readonly counts: Record<StatusOutcome, number>;
  /** Messages in the window matching the filters. */
  readonly total: number;
  /** The newest `--last` of them. */
  readonly messages: readonly StatusRow[];
  readonly queues?: QueueReport;
  readonly queueError?: string;
  /** Reports in the window left unread (more than `MAX_REPORTS_READ`). */
  readonly unreadReports: number;
  readonly unreadableReports: readonly string[];
}

/** Runs `status`; resolves to the exit status (1 when the queues could not be read). */
export const runStatusCommand: OperatorCommand = operatorCommand(
  USAGE,
  {
    last: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    mailbox: { type: 'string', multiple: true },
    outcome: { type: 'string', multiple: true },
    bucket: { type: 'string' },
    'queue-url': { type: 'string' },
    'dlq-url': { type: 'string' },
  },
  async (values, env, deps) => {
    const now = deps.now();
    const last = positiveInteger('last', values.last ?? String(DEFAULT_LAST));
    const since = parseTimeOption('since', values.since ?? DEFAULT_SINCE, now);
    const until = values.until === undefined ? undefined : parseTimeOption('until', values.until, now);
    const outcomes = (values.outcome ?? []).map(outcomeOption);
    const mailboxes = values.mailbox ?? [];
    const target = new Target(values, env, deps);

    const source = await target.recentReports();
    const read = await source.list({
      since,
      ...(until === undefined ? {} : { until }),
      limit: MAX_REPORTS_READ,
    });
    const rows = read.reports
      .map(statusRow)
      .filter((row) => mailboxes.length === 0 || mailboxes.some((mailbox) => matchesMailbox(row, mailbox)))
      .filter((row) => outcomes.length === 0 || outcomes.includes(row.outcome));

    let queues: QueueReport | undefined;
    let queueError: string | undefined;
    try {
      queues = await target.queues(now);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      queueError = describeError(error);
    }
    const result: StatusResult = {
      source: source.description,
      since: since.toISOString(),
      ...(until === undefined ? {} : { until: until.toISOString() }),
      counts: countOutcomes(rows),
      total: rows.length,
      messages: rows.slice(0, last),
      ...(queues === undefined ? {} : { queues }),
      ...(queueError === undefined ? {} : { queueError }),
      unreadReports: read.skipped,
      unreadableReports: read.unreadable,
    };
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stdout.write(`${formatStatus(result, coloursFor(process.stdout, env)).join('\n')}\n`);
    return queueError === undefined ? 0 : 1;
  },
);

/** The status as a person reads it: counts, a table of messages, the queues. */
export function formatStatus(result: StatusResult, colours: Colours): string[] {
  const paint: Readonly<Record<StatusOutcome, (text: string) => string>> = {
    uploaded: colours.ok,
    skipped: colours.dim,
    quarantined: colours.warn,
    failed: colours.fail,
    retrying: colours.warn,
  };
  const window = `${shortTime(result.since)} to ${result.until === undefined ? 'now' : shortTime(result.until)}`;
  const lines = [
    colours.bold(`Messages from ${window}`) + colours.dim(` (${result.source})`),
    `  ${result.total} message${result.total === 1 ? '' : 's'}: ${STATUS_OUTCOMES.map((outcome) => `${result.counts[outcome]} ${outcome}`).join(' · ')}`,
  ];
  if (result.messages.length > 0) {
    const rows = result.messages.map((row) => [
      shortTime(row.time),
      paint[row.outcome](row.outcome),
      row.mailboxes.join(', '),
      row.sender,
      documentSummary(row),
      cut(row.error ?? row.subject ?? '', MAX_PROBLEM_CHARS),
    ]);
    lines.push(
      '',
      ...renderTable(['TIME (UTC)', 'OUTCOME', 'MAILBOX', 'SENDER', 'DOCUMENTS', 'SUBJECT / PROBLEM'], rows, {
        maxWidths: [undefined, undefined, 40, 32, 28],
      }).map((line) => `  ${line}`),
    );
    if (result.total > result.messages.length) {
      lines.push(
        colours.dim(`  (the newest ${result.messages.length} of ${result.total}; --last shows more)`),
      );
    }
  }
  if (result.unreadReports > 0) {
    lines.push(
      colours.warn(`  ${result.unreadReports} older reports were not read: narrow --since to see them`),
    );
  }
  for (const location of result.unreadableReports)
    lines.push(colours.warn(`  unreadable report: ${location}`));
  lines.push('', colours.bold('Queues'));
  if (result.queueError !== undefined) lines.push(colours.fail(`  could not be read: ${result.queueError}`));
  if (result.queues?.queue !== undefined) lines.push(`  ingest queue  ${queueLine(result.queues.queue)}`);
  if (result.queues?.deadLetterQueue !== undefined) {
    const dead = result.queues.deadLetterQueue;
    const line = `  dead letters  ${queueLine(dead)}`;
    const stuck = dead.waiting + dead.inFlight > 0;
    lines.push(stuck ? colours.fail(line) : line);
    if (stuck) {
      lines.push(
        '  → fix the cause (see the failed rows), then redrive them or: npm run cli -- replay <messageId>',
      );
    }
  }
  return lines;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function queueLine(depth: QueueDepth): string {
  const oldest =
    depth.oldestAgeSeconds === undefined || depth.waiting + depth.inFlight === 0
      ? ''
      : `, oldest waiting ${formatDuration(depth.oldestAgeSeconds)}`;
  return `${depth.name}: ${depth.waiting} waiting, ${depth.inFlight} in flight${oldest}`;
}

/** `2026-11-20T09:15:42.000Z` → `2026-11-20 09:15`. */
function shortTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 16).replace('T', ' ');
}

function positiveInteger(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new UsageError(`--${name} "${value}": expected a whole number above 0`);
  return number;
}

function outcomeOption(value: string): StatusOutcome {
  const outcome = value.trim().toLowerCase();
  if (!(STATUS_OUTCOMES as readonly string[]).includes(outcome)) {
    throw new UsageError(`--outcome "${value}": expected one of ${STATUS_OUTCOMES.join(', ')}`);
  }
  return outcome as StatusOutcome;
}
