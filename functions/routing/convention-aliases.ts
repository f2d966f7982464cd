import type { Config, InvoiceType } from '../config/config-schema';

/**
 * Tray names Clearfacts uses in its own intake addresses (`aankoop-…`, `achat-…`), in English,
 * Dutch and French, as the prefixes of convention addresses `<tray>-<companyNumber>@domain`.
 */
export const TRAY_ALIASES: Readonly<Record<string, InvoiceType>> = {
  purchase: 'PURCHASE',
  aankoop: 'PURCHASE',
  achat: 'PURCHASE',
  sale: 'SALE',
  verkoop: 'SALE',
  vente: 'SALE',
  various: 'VARIOUS',
  divers: 'VARIOUS',
  diversen: 'VARIOUS',
};

/** Prefixes of convention addresses that upload to the archive (English, Dutch, French). */
export const ARCHIVE_ALIASES: readonly string[] = ['archive', 'archief', 'archives'];

/** The convention prefixes this config accepts, as `purchase-`, `sale-`, … (archive ones only with a default archive). */
export function conventionPrefixes(config: Pick<Config, 'defaults'>): string[] {
  const archive = config.defaults.archive === undefined ? [] : ARCHIVE_ALIASES;
  return [...Object.keys(TRAY_ALIASES), ...archive].map((alias) => `${alias}-`);
}
