import { type Administration, listAdministrations } from '../clearfacts/administrations';
import { ClearfactsClient } from '../clearfacts/clearfacts-client';
import { ClearfactsError } from '../clearfacts/clearfacts-errors';
import { missingScopes, REQUIRED_SCOPES, scopesOfToken } from '../clearfacts/token-scopes';
import { fetchUserinfo, type Userinfo } from '../clearfacts/userinfo';
import type { ArchiveTarget, Config, InvoiceType } from '../config/config-schema';
import { openRoutes } from '../routing/open-routes';
import { type ArchiveCompany, archiveChecks, archiveScopeChecks } from './doctor-archive';
import { formatCompanyNumber } from './operator-settings';
import { tokenRefreshCheck } from './token-refresh-check';
import type { ResolvedToken } from './token-source';

/** How one finding reads: fine, worth knowing, worth a look, or something to fix (non-zero exit). */
export type CheckStatus = 'ok' | 'note' | 'warning' | 'problem';

/** One finding, with what to do about it. */
export interface DoctorCheck {
  readonly status: CheckStatus;
  readonly summary: string;
  readonly fix?: string;
}

/** A configured mailbox and whether the token reaches its administration. */
export interface MailboxCheck {
  readonly address: string;
  readonly name?: string;
  readonly companyNumber: string;
  readonly invoiceType: InvoiceType;
  /** For an archive mailbox: the archive and category it uploads to. */
  readonly archive?: ArchiveTarget;
  /** `undefined` when the administrations could not be listed. */
  readonly reachable?: boolean;
  /** The administration's name in Clearfacts, when reachable. */
  readonly administration?: string;
}

/** Everything `doctor` found. */
export interface DoctorResult {
  readonly token: {
    readonly source: string;
    readonly kind: ResolvedToken['kind'];
    readonly loginUrl: string;
    readonly apiUrl: string;
    readonly user?: Userinfo;
    readonly scopes?: readonly string[];
    readonly oidc?: ResolvedToken['oidc'];
  };
  readonly checks: readonly DoctorCheck[];
  readonly administrations: readonly Administration[];
  readonly mailboxes: readonly MailboxCheck[];
  /** The archive categories of each company with an archive route (none without archive routes). */
  readonly archives: readonly ArchiveCompany[];
  /** How many checks are problems; `doctor` exits 0 only when there are none. */
  readonly problems: number;
}

/** What the checks run against. */
export interface DoctorInput {
  readonly config: Config;
  readonly configPath: string;
  readonly token: ResolvedToken;
  readonly apiUrl: string;
  readonly loginUrl: string;
  readonly fetch?: typeof fetch;
  /** The clock, for how long ago the token was refreshed. @default the system clock */
  readonly now?: () => Date;
}

/**
 * Checks the token (userinfo), its scopes, the administrations it reaches, and that every configured
 * mailbox's company is among them. Each problem says what to fix; nothing quotes the token.
 */
export async function runDoctorChecks(input: DoctorInput): Promise<DoctorResult> {
  const { config, token } = input;
  const loginUrl = token.oidc?.issuer ?? input.loginUrl;
  // What the config alone says, before any call to Clearfacts: it holds whatever the token does.
  const checks: DoctorCheck[] = [openRoutesCheck(config, input.configPath)];
  // From the secret alone: worth knowing even when Clearfacts refuses the token.
  if (token.oidc !== undefined) checks.push(tokenRefreshCheck(token.oidc, input.now?.() ?? new Date()));
  const mailboxes = configuredMailboxes(config);
  const scopes = scopesOfToken(token.bearer, token.oidc?.scope);
  const result = (
    extra: Partial<Pick<DoctorResult, 'administrations' | 'mailboxes' | 'archives'>> & { user?: Userinfo },
  ) => ({
    token: {
      source: token.source,
      kind: token.kind,
      loginUrl,
      apiUrl: input.apiUrl,
      ...(extra.user === undefined ? {} : { user: extra.user }),
      ...(scopes === undefined ? {} : { scopes }),
      ...(token.oidc === undefined ? {} : { oidc: token.oidc }),
    },
    checks,
    administrations: extra.administrations ?? [],
    mailboxes: extra.mailboxes ?? mailboxes,
    archives: extra.archives ?? [],
    problems: checks.filter((check) => check.status === 'problem').length,
  });

  let user: Userinfo;
  try {
    user = await fetchUserinfo({
      loginUrl,
      token: token.bearer,
      ...(input.fetch ? { fetch: input.fetch } : {}),
    });
    const who = `${user.username ?? user.sub}${user.email === undefined ? '' : ` <${user.email}>`}`;
    checks.push({ status: 'ok', summary: `The token is valid: Clearfacts knows it as ${who}` });
  } catch (error) {
    checks.push(tokenFailure(error, token, loginUrl));
    checks.push({
      status: 'note',
      summary: 'Administrations and mailboxes were not checked: fix the token first',
    });
    return result({});
  }

  checks.push(...scopeChecks(scopes, token), ...archiveScopeChecks(config, scopes, token));
  if (token.oidc !== undefined) {
    checks.push({
      status: 'note',
      summary: `OpenID Connect sign-in (client ${token.oidc.clientId}): the access token is valid until ${token.oidc.expiresAt} and is refreshed automatically; the refresh token dies after 30 days unused`,
    });
  }

  const client = new ClearfactsClient({
    apiUrl: input.apiUrl,
    token: () => token.bearer,
    ...(input.fetch ? { fetch: input.fetch } : {}),
  });
  let administrations: Administration[];
  try {
    administrations = await listAdministrations(client);
  } catch (error) {
    checks.push(administrationsFailure(error, token, input.apiUrl));
    checks.push({
      status: 'problem',
      summary: 'The mailboxes could not be checked without the administrations list',
    });
    return result({ user });
  }
  checks.push(
    administrations.length === 0
      ? {
          status: 'problem',
          summary: 'The token reaches no administration at all',
          fix: "Give the token's Clearfacts user access to the companies (ask the accountant), or use a token of a user who has it",
        }
      : { status: 'ok', summary: `The token reaches ${plural(administrations.length, 'administration')}` },
  );

  const byNumber = new Map(
    administrations.map((entry) => [entry.normalisedCompanyNumber ?? entry.companyNumber, entry]),
  );
  const checked = mailboxes.map((mailbox) => {
    const administration = byNumber.get(mailbox.companyNumber);
    return {
      ...mailbox,
      reachable: administration !== undefined,
      ...(administration === undefined ? {} : { administration: administration.name }),
    };
  });
  checks.push(...mailboxChecks(checked, config, input.configPath));
  const archive = await archiveChecks(
    config,
    input.configPath,
    new Set(byNumber.keys()),
    new Map([...byNumber].map(([companyNumber, entry]) => [companyNumber, entry.name])),
    (companyNumber) => client.archiveCategories(companyNumber),
  );
  checks.push(...archive.checks);
  return result({ user, administrations, mailboxes: checked, archives: archive.companies });
}

/** Every route that accepts any sender, or that there is none. */
function openRoutesCheck(config: Config, configPath: string): DoctorCheck {
  const routes = openRoutes(config);
  if (routes.length === 0) {
    return {
      status: 'ok',
      summary: 'Every route into an administration takes mail from allowed senders only',
    };
  }
  const listed = routes.map((route) => `${route.address} → ${route.reaches}`).join('; ');
  return {
    status: 'warning',
    summary: `${plural(routes.length, 'route')} accept mail from any sender: ${listed}`,
    fix: `Give those mailboxes allowedSenders (or set defaults.allowedSenders) in ${configPath}; to close convention addresses, set "conventionAddresses": false (docs/security.md)`,
  };
}

/** The mailboxes listed in the config, with defaults applied (as the router builds them). */
function configuredMailboxes(config: Config): MailboxCheck[] {
  return config.mailboxes.map((entry) => ({
    address: `${entry.address.split('@')[0] ?? entry.address}@${config.domain}`,
    ...(entry.name === undefined ? {} : { name: entry.name }),
    companyNumber: entry.companyNumber,
    invoiceType: entry.invoiceType ?? config.defaults.invoiceType,
    ...(entry.archive === undefined ? {} : { archive: entry.archive }),
  }));
}

function tokenFailure(error: unknown, token: ResolvedToken, loginUrl: string): DoctorCheck {
  const status = error instanceof ClearfactsError ? error.status : undefined;
  if (status === 401 || status === 403) {
    return {
      status: 'problem',
      summary: `The token is bad: Clearfacts refused it (${status} from ${loginUrl}/oauth2-server/userinfo). It is mistyped, revoked or expired`,
      fix: newTokenFix(token),
    };
  }
  return {
    status: 'problem',
    summary: `The token could not be checked: ${(error as Error).message}`,
    fix: 'Check CLEARFACTS_LOGIN_URL (your login domain, e.g. https://<accountant>.clearfacts.be) and the network',
  };
}

function scopeChecks(scopes: readonly string[] | undefined, token: ResolvedToken): DoctorCheck[] {
  if (scopes === undefined) {
    return [
      {
        status: 'note',
        summary:
          'A personal access token does not show its scopes: read_administrations is tested below, upload_document only by a real upload (a missing scope can be ticked on the existing token in Clearfacts: profile → Integrations)',
      },
    ];
  }
  const missing = missingScopes(scopes);
  if (missing.length === 0) {
    return [
      {
        status: 'ok',
        summary: `The token has the scopes it needs (${Object.keys(REQUIRED_SCOPES).join(', ')})`,
      },
    ];
  }
  return missing.map((scope) => ({
    status: 'problem' as const,
    summary: `The token lacks the ${scope} scope: it may not ${REQUIRED_SCOPES[scope]}`,
    fix:
      token.kind === 'oidc'
        ? `Sign in again and grant ${scope}: npm run cli -- token login (the OIDC client must be allowed it)`
        : editTokenFix(scope),
  }));
}

function administrationsFailure(error: unknown, token: ResolvedToken, apiUrl: string): DoctorCheck {
  if (error instanceof ClearfactsError && error.kind === 'configuration') {
    return {
      status: 'problem',
      summary: `The token may not list the administrations: it most likely lacks the read_administrations scope (${error.message})`,
      fix:
        token.kind === 'oidc'
          ? 'Sign in again and grant read_administrations: npm run cli -- token login'
          : editTokenFix('read_administrations (and upload_document)'),
    };
  }
  return {
    status: 'problem',
    summary: `The administrations could not be listed: ${(error as Error).message}`,
    fix: `Check CLEARFACTS_API_URL (now ${apiUrl}) and the network`,
  };
}

function mailboxChecks(
  mailboxes: readonly MailboxCheck[],
  config: Config,
  configPath: string,
): DoctorCheck[] {
  const checks: DoctorCheck[] = mailboxes.flatMap((mailbox, index) => {
    if (mailbox.reachable !== false) return [];
    const company = formatCompanyNumber(mailbox.companyNumber);
    return [
      {
        status: 'problem' as const,
        summary: `Mailbox ${mailbox.address}${mailbox.name === undefined ? '' : ` (${mailbox.name})`}: company ${company} is not among the administrations this token reaches`,
        fix: `Give the token's Clearfacts user access to ${company}, or correct mailboxes[${index}].companyNumber in ${configPath}`,
      },
    ];
  });
  if (checks.length === 0 && mailboxes.length > 0) {
    checks.push({
      status: 'ok',
      summary: `Every configured mailbox (${mailboxes.length}) delivers to an administration the token reaches`,
    });
  }
  if (config.conventionAddresses) {
    checks.push({
      status: 'note',
      summary: `Convention addresses (purchase-<company number>@${config.domain}, sale-…, various-…, aankoop-…, achat-…) deliver to any administration listed below`,
    });
  } else if (mailboxes.length === 0) {
    checks.push({
      status: 'warning',
      summary: 'No mailbox is configured and convention addresses are off: no mail can be delivered',
      fix: `Add mailboxes to ${configPath}`,
    });
  }
  return checks;
}

/**
 * A personal access token's scopes can be changed after it was made, by editing the token in the
 * web app (Clearfacts developer docs, "Scopes and Claims", section "Granting and Revoking scopes").
 * An OIDC token's scopes cannot change: its fix is signing in again.
 */
function editTokenFix(scopes: string): string {
  return `Tick ${scopes} on the existing token in Clearfacts (profile → Integrations → edit the token): scopes can be changed on an existing token, so no new token is needed`;
}

function newTokenFix(token: ResolvedToken): string {
  if (token.kind === 'oidc') return 'Sign in again: npm run cli -- token login';
  return `Make a new personal access token in Clearfacts (profile → Integrations → New token, scopes upload_document and read_administrations), then ${storeHint(token)}`;
}

function storeHint(token: ResolvedToken): string {
  if (token.source === 'CLEARFACTS_TOKEN') return 'put it in CLEARFACTS_TOKEN';
  const local = token.source.startsWith('file ') ? ' --local' : '';
  return `store it in the ${token.source}: npm run cli -- token set${local}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
