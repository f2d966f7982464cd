import {
  type ClearfactsSandbox,
  type ClearfactsSandboxOptions,
  type SandboxAdministration,
  startClearfactsSandbox,
} from '../../functions/local/clearfacts/clearfacts-sandbox';
import type { SandboxArchiveCategories } from '../../functions/local/clearfacts/sandbox-archive';

export type {
  SandboxAdministration as StandInAdministration,
  StandInUpload,
} from '../../functions/local/clearfacts/clearfacts-sandbox';
export {
  AS_CLEARFACTS,
  AS_CLEARFACTS_AUTHORISED,
  type Fault,
  forFilename,
  graphqlErrorResponse,
  INTERNAL_ERROR,
  type RecordedRequest,
  type Responder,
  refusedUpload,
  type ScriptedResponse,
  STORE_THEN_CUT,
  STORED_WITH_ERRORS,
  slowAnswer,
} from '../../functions/local/clearfacts/stand-in-faults';

/** The stand-in the tests use: the same server `npm start` and the benchmark run. */
export type ClearfactsStandIn = ClearfactsSandbox;

/**
 * The companies the tests' configs and mails use. The stand-in refuses uploads to any other
 * company, as Clearfacts does, so a test that wants a refusal uses a number outside this list.
 */
export const TEST_ADMINISTRATIONS: readonly SandboxAdministration[] = [
  { name: 'Acme NV', companyNumber: '0123456749' },
  { name: 'Peeters BV', companyNumber: '0203201340' },
  { name: 'Janssens BV', companyNumber: '0234567873' },
  { name: 'Maes BV', companyNumber: '0345678997' },
  { name: 'Smet NV', companyNumber: '0403170701' },
];

/** Starts the stand-in on a free port of 127.0.0.1, reaching `TEST_ADMINISTRATIONS` unless told otherwise. */
export async function startClearfactsStandIn(
  options: Omit<ClearfactsSandboxOptions, 'directory'> = {},
): Promise<ClearfactsStandIn> {
  return startClearfactsSandbox({ administrations: TEST_ADMINISTRATIONS, ...options });
}

/**
 * The stand-in the archive tests use: only Acme NV (0123456749), with the archive categories
 * given, and Peeters BV (0203201340), with its own or else the stand-in's default categories.
 */
export async function startArchiveStandIn(
  token: string,
  categories: { readonly acme: SandboxArchiveCategories; readonly peeters?: SandboxArchiveCategories },
): Promise<ClearfactsStandIn> {
  const [acme, peeters] = TEST_ADMINISTRATIONS;
  if (acme === undefined || peeters === undefined)
    throw new Error('TEST_ADMINISTRATIONS lost Acme or Peeters');
  return startClearfactsStandIn({
    token,
    administrations: [
      { ...acme, archiveCategories: categories.acme },
      categories.peeters === undefined ? peeters : { ...peeters, archiveCategories: categories.peeters },
    ],
  });
}
