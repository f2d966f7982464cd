import { createHash } from 'node:crypto';

/** One archive category of a stand-in administration. */
export interface SandboxCategory {
  readonly id: string;
  readonly name: string;
}

/** A stand-in administration's archive categories, per archive, as `archiveCategories` returns them. */
export interface SandboxArchiveCategories {
  readonly various: readonly SandboxCategory[];
  readonly permanent: readonly SandboxCategory[];
}

/**
 * The category names every stand-in administration has unless told otherwise: those in the examples
 * of Clearfacts' developer docs (https://developer.clearfacts.be/#query-archive-categories and its
 * categories recipe), so `npm start` can try an archive mailbox without setting anything up.
 */
export const DEFAULT_ARCHIVE_CATEGORY_NAMES = {
  various: ['Beleggingen', 'Credits', 'Other'],
  permanent: ['Financial', 'Huurovereenkomst', 'Other'],
} as const;

/** The default categories of one company, with ids that stay the same from run to run (uuid-shaped, like Clearfacts'). */
export function defaultArchiveCategories(companyNumber: string): SandboxArchiveCategories {
  const make = (archive: string, names: readonly string[]): SandboxCategory[] =>
    names.map((name) => ({ id: stableId(`${companyNumber}/${archive}/${name}`), name }));
  return {
    various: make('various', DEFAULT_ARCHIVE_CATEGORY_NAMES.various),
    permanent: make('permanent', DEFAULT_ARCHIVE_CATEGORY_NAMES.permanent),
  };
}

function stableId(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
