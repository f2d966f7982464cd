import { normaliseCompanyNumber } from '../config/company-number';
import type { GraphqlData } from './graphql-response';

/** What operator tools ask: every administration the token reaches, with Clearfacts' own intake addresses. */
export const ADMINISTRATIONS_QUERY = `query Administrations($offset: Int, $first: Int) {
  administrations(offset: $offset, first: $first) {
    name
    companyNumber
    emails {
      type
      emailAddress
    }
  }
}`;

/**
 * Items asked per page. Clearfacts caps list endpoints (its docs name 100 per request for
 * `customers`), so every page is read until a short one comes back.
 */
export const ADMINISTRATIONS_PAGE_SIZE = 100;

/** A token reaching more than this many administrations is implausible: stop rather than loop forever. */
const MAX_ADMINISTRATION_PAGES = 100;

/** One of Clearfacts' own intake addresses of an administration (`aankoop-…@<accountant>.clearfacts.be`). */
export interface IntakeEmail {
  readonly type: string;
  readonly emailAddress: string;
}

/** An administration (company) the token can reach. */
export interface Administration {
  readonly name: string;
  /** As Clearfacts wrote it. */
  readonly companyNumber: string;
  /** Ten digits, or `undefined` when Clearfacts' value is not a valid Belgian number. */
  readonly normalisedCompanyNumber: string | undefined;
  readonly emails: readonly IntakeEmail[];
}

/** Anything that runs a GraphQL query: `ClearfactsClient`. */
export interface GraphqlQueryRunner {
  query(operation: string, query: string, variables?: Record<string, unknown>): Promise<GraphqlData>;
}

/** Lists the administrations the token can reach (needs the `read_administrations` scope). */
export async function listAdministrations(client: GraphqlQueryRunner): Promise<Administration[]> {
  const all: Administration[] = [];
  let offset = 0;
  for (let page = 0; page < MAX_ADMINISTRATION_PAGES; page++) {
    const variables = { offset, first: ADMINISTRATIONS_PAGE_SIZE };
    const data = await client.query('administrations', ADMINISTRATIONS_QUERY, variables);
    const list = Array.isArray(data.administrations) ? data.administrations : [];
    all.push(...list.flatMap(readAdministration));
    // A server may cap pages below what we asked: only an empty page proves the end.
    if (list.length === 0) break;
    offset += list.length;
  }
  return all;
}

function readAdministration(entry: unknown): Administration[] {
  return [entry]
    .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
    .map((entry) => {
      const companyNumber = String(entry.companyNumber ?? '');
      return {
        name: typeof entry.name === 'string' ? entry.name : '',
        companyNumber,
        normalisedCompanyNumber: normaliseCompanyNumber(companyNumber),
        emails: (Array.isArray(entry.emails) ? entry.emails : []).flatMap((email: unknown) => {
          const { type, emailAddress } = (email ?? {}) as Record<string, unknown>;
          return typeof emailAddress === 'string' ? [{ type: String(type ?? ''), emailAddress }] : [];
        }),
      };
    });
}
