import type { Config } from '../config/config-schema';
import { conventionPrefixes } from './convention-aliases';

/** A way into an administration that takes mail from any sender. */
export interface OpenRoute {
  /** The address, or the pattern of convention addresses. */
  readonly address: string;
  /** Whose administration it reaches, in words. */
  readonly reaches: string;
}

/**
 * Every route that accepts any sender: listed mailboxes without `allowedSenders` (after defaults),
 * and the convention addresses when the defaults list no senders. Company numbers are public
 * (KBO/BCE), so an open convention address lets anyone put a document into any administration the
 * token reaches; a listed company's convention addresses are open only if all its mailboxes are.
 */
export function openRoutes(config: Config): OpenRoute[] {
  const routes: OpenRoute[] = [];
  for (const mailbox of config.mailboxes) {
    if ((mailbox.allowedSenders ?? config.defaults.allowedSenders) !== undefined) continue;
    const local = mailbox.address.split('@')[0] ?? mailbox.address;
    routes.push({ address: `${local}@${config.domain}`, reaches: `company ${mailbox.companyNumber}` });
  }
  if (config.conventionAddresses && config.defaults.allowedSenders === undefined) {
    routes.push({
      address: `purchase-<company number>@${config.domain} (and ${conventionPrefixes(config).slice(1).join(', ')})`,
      reaches: 'every administration the token reaches that has no listed mailbox',
    });
  }
  return routes;
}
