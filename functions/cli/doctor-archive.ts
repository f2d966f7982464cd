import type { ArchiveCategories } from '../clearfacts/archive-categories';
import { findCategory, missingCategoryMessage } from '../clearfacts/archive-categories';
import { ClearfactsError } from '../clearfacts/clearfacts-errors';
import { ARCHIVE_SCOPES, missingArchiveScopes } from '../clearfacts/token-scopes';
import type { ArchiveTarget, Config } from '../config/config-schema';
import type { DoctorCheck } from './doctor-checks';
import { formatCompanyNumber } from './operator-settings';
import type { ResolvedToken } from './token-source';

/**
 * Companies whose archive categories `doctor` reads, one query each. Enough for every archive
 * mailbox of a large office; past it the rest is named as not checked rather than making doctor
 * take minutes.
 */
export const MAX_ARCHIVE_COMPANIES = 100;

/** One company's archive categories as `doctor` shows them. */
export interface ArchiveCompany {
  readonly companyNumber: string;
  /** The administration's name, when reachable. */
  readonly name?: string;
  /** The categories, or why they could not be read. */
  readonly categories?: ArchiveCategories;
  readonly error?: string;
}

/** A route that uploads to the archive: a listed mailbox, or the convention addresses' default. */
interface ArchiveRoute {
  readonly label: string;
  readonly fixPath: string;
  readonly target: ArchiveTarget;
  /** The companies it reaches; the convention default reaches every company with a listed mailbox we check. */
  readonly companies: readonly string[];
}

/** Whether the config has any archive route (a listed archive mailbox, or archive convention addresses). */
export function hasArchiveRoutes(config: Config): boolean {
  return archiveRoutes(config).length > 0;
}

/** The archive scopes a token that shows its scopes lacks; a note for one that does not show them. */
export function archiveScopeChecks(
  config: Config,
  scopes: readonly string[] | undefined,
  token: ResolvedToken,
): DoctorCheck[] {
  if (!hasArchiveRoutes(config)) return [];
  if (scopes === undefined) {
    return [
      {
        status: 'note',
        summary:
          'Archive mailboxes need archive_read (tested below by reading the categories) and archive_actions, which only a real archive upload tests (or the archive scope, which is both)',
      },
    ];
  }
  const missing = missingArchiveScopes(scopes);
  if (missing.length === 0)
    return [{ status: 'ok', summary: 'The token has the archive scopes the archive mailboxes need' }];
  return missing.map((scope) => ({
    status: 'problem' as const,
    summary: `The token lacks the ${scope} scope, which archive mailboxes need: it may not ${ARCHIVE_SCOPES[scope]}`,
    fix:
      token.kind === 'oidc'
        ? `Sign in again and grant ${scope} (or archive): npm run cli -- token login`
        : `Tick ${scope} (or archive) on the token in Clearfacts (profile → Integrations), or make a new token with it`,
  }));
}

/** Reads the archive categories of every company with an archive route and checks each configured name. */
export async function archiveChecks(
  config: Config,
  configPath: string,
  reachable: ReadonlySet<string>,
  names: ReadonlyMap<string, string>,
  read: (companyNumber: string) => Promise<ArchiveCategories>,
): Promise<{ checks: DoctorCheck[]; companies: ArchiveCompany[] }> {
  const routes = archiveRoutes(config);
  if (routes.length === 0) return { checks: [], companies: [] };
  const wanted = [...new Set(routes.flatMap((route) => route.companies))].filter((company) =>
    reachable.has(company),
  );
  const checked = wanted.slice(0, MAX_ARCHIVE_COMPANIES);
  const companies: ArchiveCompany[] = [];
  const checks: DoctorCheck[] = [];
  for (const companyNumber of checked) {
    const name = names.get(companyNumber);
    try {
      const categories = await read(companyNumber);
      companies.push({ companyNumber, ...(name === undefined ? {} : { name }), categories });
    } catch (error) {
      const message = (error as Error).message;
      companies.push({ companyNumber, ...(name === undefined ? {} : { name }), error: message });
      checks.push(categoriesFailure(error, companyNumber));
    }
  }
  if (wanted.length > checked.length) {
    checks.push({
      status: 'note',
      summary: `Archive categories were read for ${checked.length} companies; ${wanted.length - checked.length} more were not checked`,
    });
  }
  const byCompany = new Map(companies.map((company) => [company.companyNumber, company.categories]));
  const missing = routes.flatMap((route) =>
    route.companies.flatMap((companyNumber) => {
      const categories = byCompany.get(companyNumber);
      if (categories === undefined || findCategory(categories, route.target) !== undefined) return [];
      return [
        {
          status: 'problem' as const,
          summary: `${route.label}: ${missingCategoryMessage(categories, route.target, formatCompanyNumber(companyNumber)).split(';')[0]}`,
          fix: `Create the category in Clearfacts, or correct ${route.fixPath} in ${configPath}`,
        },
      ];
    }),
  );
  checks.push(...missing);
  if (missing.length === 0 && companies.some((company) => company.categories !== undefined)) {
    checks.push({
      status: 'ok',
      summary: `Every configured archive category exists (${plural(companies.length, 'company', 'companies')} checked)`,
    });
  }
  return { checks, companies };
}

/** The archive routes: listed archive mailboxes, and the default for convention addresses (checked against listed companies). */
function archiveRoutes(config: Config): ArchiveRoute[] {
  const routes: ArchiveRoute[] = config.mailboxes.flatMap((mailbox, index) =>
    mailbox.archive === undefined
      ? []
      : [
          {
            label: `Mailbox ${mailbox.address.split('@')[0] ?? mailbox.address}@${config.domain}`,
            fixPath: `mailboxes[${index}].archive.category`,
            target: mailbox.archive,
            companies: [mailbox.companyNumber],
          },
        ],
  );
  const fallback = config.defaults.archive;
  if (config.conventionAddresses && fallback !== undefined) {
    routes.push({
      label: `archive-<company number>@${config.domain} (defaults.archive)`,
      fixPath: 'defaults.archive.category',
      target: fallback,
      // Any company the token reaches may be written to; the listed ones are the known clients.
      companies: [...new Set(config.mailboxes.map((mailbox) => mailbox.companyNumber))],
    });
  }
  return routes;
}

function categoriesFailure(error: unknown, companyNumber: string): DoctorCheck {
  const company = formatCompanyNumber(companyNumber);
  if (error instanceof ClearfactsError && error.kind === 'configuration') {
    return {
      status: 'problem',
      summary: `The archive categories of ${company} could not be read: the token most likely lacks the archive_read scope (${error.message})`,
      fix: 'Tick archive_read (or archive) on the token in Clearfacts, or sign in again granting it',
    };
  }
  return {
    status: 'problem',
    summary: `The archive categories of ${company} could not be read: ${(error as Error).message}`,
  };
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
