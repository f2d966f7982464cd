import { loadConfigFile } from '../config/load-config';
import { type Colours, coloursFor } from './colours';
import { type CheckStatus, type DoctorResult, runDoctorChecks } from './doctor-checks';
import { type OperatorCommand, operatorCommand } from './operator-command';
import { clearfactsUrls, configPathFrom, formatCompanyNumber } from './operator-settings';
import { renderTable } from './table';
import { TARGET_USAGE, Target } from './target';
import { resolveToken } from './token-source';

const USAGE = `Usage: npm run cli -- doctor [--config <path>] [--json] [where to look]

Is the setup right? Checks the Clearfacts token (userinfo), its scopes, the administrations it
reaches, that every configured mailbox's company is among them, and, with archive mailboxes, the
archive scopes and each company's archive categories; says what to fix.
  --config <path>     the admin config (default: $INGEST_CONFIG_FILE, else config/example.json)
  --json              print the findings as JSON
The token: $CLEARFACTS_TOKEN, unless --stack, --secret-id or --local names the stored secret.
Addresses: $CLEARFACTS_API_URL and $CLEARFACTS_LOGIN_URL, else the config's, else the public ones.
${TARGET_USAGE}
Exit status: 0 when nothing needs fixing, 1 when something does, 2 for a wrong command line.`;

/** Runs `doctor`; resolves to the exit status. */
export const runDoctorCommand: OperatorCommand = operatorCommand(
  USAGE,
  { config: { type: 'string' } },
  async (values, env, deps) => {
    const configPath = configPathFrom(values.config, env);
    const config = loadConfigFile(configPath);
    const urls = clearfactsUrls(env, config);
    const target = new Target(values, env, deps);
    const explicitTarget = values.local || values.stack !== undefined || values['secret-id'] !== undefined;
    const token = await resolveToken(env, target, explicitTarget, deps);
    const result = await runDoctorChecks({
      config,
      configPath,
      token,
      apiUrl: urls.apiUrl,
      loginUrl: urls.loginUrl,
      fetch: deps.fetch,
      now: deps.now,
    });
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else
      process.stdout.write(
        `${formatDoctorResult(result, configPath, coloursFor(process.stdout, env)).join('\n')}\n`,
      );
    return result.problems === 0 ? 0 : 1;
  },
);

/** Symbols in front of each finding. */
const MARKS: Readonly<Record<CheckStatus, string>> = { ok: '✔', note: '·', warning: '!', problem: '✖' };

/** The findings as a person reads them: a checklist, then the administrations and mailboxes as tables. */
export function formatDoctorResult(result: DoctorResult, configPath: string, colours: Colours): string[] {
  const paint: Readonly<Record<CheckStatus, (text: string) => string>> = {
    ok: colours.ok,
    note: colours.dim,
    warning: colours.warn,
    problem: colours.fail,
  };
  const { token } = result;
  const lines = [
    colours.bold('Clearfacts doctor'),
    `  token   ${token.source} (${token.kind === 'oidc' ? 'OpenID Connect' : 'personal access token'})`,
    `  login   ${token.loginUrl}`,
    `  api     ${token.apiUrl}`,
    `  config  ${configPath}`,
    '',
  ];
  for (const check of result.checks) {
    lines.push(`${paint[check.status](MARKS[check.status])} ${check.summary}`);
    if (check.fix !== undefined) lines.push(`  → ${check.fix}`);
  }
  if (result.administrations.length > 0) {
    lines.push(
      '',
      colours.bold('Administrations the token reaches (with their own Clearfacts intake addresses)'),
    );
    const rows = result.administrations.map((entry) => [
      formatCompanyNumber(entry.normalisedCompanyNumber ?? entry.companyNumber),
      entry.name,
      entry.emails.map((email) => `${email.emailAddress} (${email.type.toLowerCase()})`).join(', ') || '-',
    ]);
    lines.push(
      ...indent(renderTable(['COMPANY', 'NAME', 'INTAKE ADDRESSES'], rows, { maxWidths: [14, 32] })),
    );
  }
  if (result.mailboxes.length > 0) {
    lines.push('', colours.bold('Configured mailboxes'));
    const rows = result.mailboxes.map((mailbox) => [
      mailbox.address,
      formatCompanyNumber(mailbox.companyNumber),
      mailbox.archive === undefined
        ? mailbox.invoiceType
        : `ARCHIVE (${mailbox.archive.type.toLowerCase()}: ${mailbox.archive.category})`,
      mailbox.reachable === undefined
        ? colours.warn('not checked')
        : mailbox.reachable
          ? colours.ok(`yes (${mailbox.administration ?? ''})`)
          : colours.fail('NO'),
    ]);
    lines.push(
      ...indent(renderTable(['ADDRESS', 'COMPANY', 'TRAY', 'REACHABLE'], rows, { maxWidths: [48] })),
    );
  }
  if (result.archives.length > 0) {
    lines.push('', colours.bold('Archive categories of the companies with an archive route'));
    const rows = result.archives.flatMap((company) => {
      const who = [formatCompanyNumber(company.companyNumber), company.name ?? ''];
      if (company.categories === undefined) return [[...who, '-', colours.fail('not read')]];
      return [
        [...who, 'various', names(company.categories.various)],
        ['', '', 'permanent', names(company.categories.permanent)],
      ];
    });
    lines.push(
      ...indent(renderTable(['COMPANY', 'NAME', 'ARCHIVE', 'CATEGORIES'], rows, { maxWidths: [14, 32] })),
    );
  }
  lines.push(
    '',
    result.problems === 0
      ? colours.ok('Everything needed is in place.')
      : colours.fail(`${result.problems} problem${result.problems === 1 ? '' : 's'} to fix (see → above).`),
  );
  return lines;
}

function names(categories: readonly { readonly name: string }[]): string {
  return categories.map((category) => category.name).join(', ') || '-';
}

function indent(lines: readonly string[]): string[] {
  return lines.map((line) => `  ${line}`);
}
