import type { ArchiveTarget } from '../config/config-schema';
import { IngestError } from '../shared/errors';
import type { GraphqlQueryRunner } from './administrations';
import type { GraphqlData } from './graphql-response';

/**
 * The archive categories of one administration, as Clearfacts' developer docs give the query
 * (https://developer.clearfacts.be/#query-archive-categories; source: Clearfacts/cf_developer_docs,
 * source/includes/30_3_3_archive_categories.html.md): `archiveCategories(vatnumber:)` returns
 * `various` and `permanent`, each a list of `{ id, name }`. Needs the `archive_read` scope.
 */
export const ARCHIVE_CATEGORIES_QUERY = `query ArchiveCategories($vatnumber: String!) {
  archiveCategories(vatnumber: $vatnumber) {
    various {
      id
      name
    }
    permanent {
      id
      name
    }
  }
}`;

/** One archive category: the id `uploadArchiveFile` takes, and the name people see. */
export interface ArchiveCategory {
  readonly id: string;
  readonly name: string;
}

/** An administration's categories, per archive. */
export interface ArchiveCategories {
  readonly various: readonly ArchiveCategory[];
  readonly permanent: readonly ArchiveCategory[];
}

/** A configured archive category the administration does not have: an admin must fix the config or Clearfacts. */
export class ArchiveCategoryError extends IngestError {
  constructor(message: string) {
    // `configuration`: the message is kept and retried later, by when the category may exist.
    super(message, 'configuration');
    this.name = 'ArchiveCategoryError';
  }
}

/** Asks Clearfacts for one administration's archive categories. */
export async function fetchArchiveCategories(
  client: GraphqlQueryRunner,
  companyNumber: string,
): Promise<ArchiveCategories> {
  const data = await client.query('archiveCategories', ARCHIVE_CATEGORIES_QUERY, {
    vatnumber: companyNumber,
  });
  return readArchiveCategories(data);
}

/** Reads the `Categories` object; anything missing or malformed reads as no categories. */
export function readArchiveCategories(data: GraphqlData): ArchiveCategories {
  const result = (typeof data.archiveCategories === 'object' && data.archiveCategories) || {};
  const { various, permanent } = result as Record<string, unknown>;
  return { various: readList(various), permanent: readList(permanent) };
}

/** The categories of the archive `type` names. */
export function categoriesOf(
  categories: ArchiveCategories,
  type: ArchiveTarget['type'],
): readonly ArchiveCategory[] {
  return type === 'VARIOUS' ? categories.various : categories.permanent;
}

/**
 * The category the target names: the exact name, else the one name that matches ignoring case and
 * surrounding spaces (people type `contracten` for `Contracten`). `undefined` when none or two match.
 */
export function findCategory(
  categories: ArchiveCategories,
  target: ArchiveTarget,
): ArchiveCategory | undefined {
  const list = categoriesOf(categories, target.type);
  const exact = list.filter((category) => category.name === target.category);
  if (exact.length === 1) return exact[0];
  const loose = list.filter((category) => sameName(category.name, target.category));
  return loose.length === 1 ? loose[0] : undefined;
}

/** Why the target's category cannot be used for this company, naming what exists instead. */
export function missingCategoryMessage(
  categories: ArchiveCategories,
  target: ArchiveTarget,
  companyNumber: string,
): string {
  const list = categoriesOf(categories, target.type);
  const matches = list.filter((category) => sameName(category.name, target.category)).length;
  const archive = target.type === 'VARIOUS' ? 'various' : 'permanent';
  const known =
    list.length === 0 ? 'it has none' : `it has: ${list.map((category) => category.name).join(', ')}`;
  const what = matches > 1 ? `matches ${matches} categories` : 'does not exist';
  return `archive category "${target.category}" ${what} in the ${archive} archive of company ${companyNumber} (${known}); create it in Clearfacts or correct the category in the config`;
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function readList(value: unknown): ArchiveCategory[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const { id, name } = (item ?? {}) as Record<string, unknown>;
    return typeof id === 'string' && id !== '' && typeof name === 'string' ? [{ id, name }] : [];
  });
}
