import type { ArchiveTarget } from '../config/config-schema';
import type { GraphqlQueryRunner } from './administrations';
import {
  type ArchiveCategories,
  type ArchiveCategory,
  ArchiveCategoryError,
  fetchArchiveCategories,
  findCategory,
  missingCategoryMessage,
} from './archive-categories';

/**
 * How long an administration's categories are trusted. A client is built per invocation, so this
 * bounds long-lived clients (the local inbox): 5 minutes, so a category an accountant just created
 * is found on the next retry without asking Clearfacts once per document.
 */
export const ARCHIVE_CATEGORIES_TTL_MS = 5 * 60_000;

/** Resolves configured category names to ids, asking Clearfacts once per company per TTL. */
export class ArchiveCategoryCache {
  private readonly byCompany = new Map<string, { at: number; categories: Promise<ArchiveCategories> }>();

  constructor(
    private readonly client: GraphqlQueryRunner,
    private readonly now: () => number = Date.now,
    private readonly ttlMs: number = ARCHIVE_CATEGORIES_TTL_MS,
  ) {}

  /** The company's categories (cached; a failed lookup is not kept). */
  categories(companyNumber: string): Promise<ArchiveCategories> {
    const cached = this.byCompany.get(companyNumber);
    if (cached !== undefined && this.now() - cached.at < this.ttlMs) return cached.categories;
    const categories = fetchArchiveCategories(this.client, companyNumber);
    const entry = { at: this.now(), categories };
    this.byCompany.set(companyNumber, entry);
    categories.catch(() => {
      if (this.byCompany.get(companyNumber) === entry) this.byCompany.delete(companyNumber);
    });
    return categories;
  }

  /** The category the target names for this company; throws `ArchiveCategoryError` when it has none such. */
  async resolve(companyNumber: string, target: ArchiveTarget): Promise<ArchiveCategory> {
    const categories = await this.categories(companyNumber);
    const found = findCategory(categories, target);
    if (found === undefined) {
      throw new ArchiveCategoryError(missingCategoryMessage(categories, target, companyNumber));
    }
    return found;
  }
}
