import { normaliseCompanyNumber } from '../config/company-number';
import type { GraphqlData } from './graphql-response';

/** What operator tools ask: every administration the token reaches, with Clearfacts' own intake addresses. */
export const ADMINISTRATIONS_QUERY = `query Administrations {
  administrations {
    name
    companyNumber
    emails {
      type
      emailAddress
    }
  }
}`;

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
  const data = await client.query('administrations', ADMINISTRATIONS_QUERY);
  const list = Array.isArray(data.administrations) ? data.administrations : [];
  return list
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
