import type { InvoiceType } from '../config/config-schema';

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

/** The convention prefixes, as `purchase-`, `sale-`, … */
export function conventionPrefixes(): string[] {
  return Object.keys(TRAY_ALIASES).map((alias) => `${alias}-`);
}
