import { normaliseCompanyNumber } from '../../config/company-number';
import type { GraphqlFilePart } from './graphql-body';
import { ClientSafeError } from './graphql-php-errors';
import { defaultArchiveCategories, type SandboxArchiveCategories } from './sandbox-archive';
import { type AcceptedUpload, checkUploadedFile, type FileCheck } from './upload-file-rules';

/**
 * Clearfacts caps list endpoints per request (its docs name 100 for `customers`); the stand-in
 * applies the same cap to `administrations`, so a client that reads only one page is caught.
 */
export const MAX_PAGE_SIZE = 100;

/** An administration the stand-in's token can reach. */
export interface SandboxAdministration {
  readonly name: string;
  readonly companyNumber: string;
  readonly emails?: readonly { readonly type: string; readonly emailAddress: string }[];
  /** Its archive categories; absent: `DEFAULT_ARCHIVE_CATEGORY_NAMES` with stable ids. */
  readonly archiveCategories?: SandboxArchiveCategories;
}

/** The `File` result of `uploadFile`. */
export interface FileResult {
  readonly uuid: string;
  readonly name: string;
  readonly amountOfPages: number | null;
  readonly comment: string | null;
  readonly tags: readonly string[];
}

/** What a resolver may use: the request's file part, and where accepted uploads go. */
export interface ResolverContext {
  readonly administrations: readonly SandboxAdministration[];
  /** Items per page of `administrations` (at most `MAX_PAGE_SIZE`). */
  readonly pageSize: number;
  readonly file: GraphqlFilePart | undefined;
  readonly variables: Readonly<Record<string, unknown>>;
  /** Stores an accepted upload (and the file part as sent) and returns its uuid. */
  readonly store: (upload: AcceptedUpload, part: GraphqlFilePart) => Promise<string>;
  /** An injected refusal (the `refused` fault): an upload that passes every check is refused with it. */
  readonly refusal?: string;
}

interface UploadArchiveFileArgs {
  readonly vatnumber: string;
  readonly filename: string;
  readonly type: 'VARIOUS' | 'PERMANENT';
  readonly category: string;
}

interface UploadFileArgs {
  readonly companyNumber?: string | null;
  readonly vatnumber?: string | null;
  readonly filename: string;
  readonly invoicetype?: string | null;
  readonly comment?: string | null;
  readonly tags?: readonly string[] | null;
}

/** The root resolvers, one per field of `CLEARFACTS_SDL`'s `Query` and `Mutation`. */
export const clearfactsResolvers = {
  /** The documented upload; refusals are client-safe errors, like the server's. */
  async uploadFile(args: UploadFileArgs, context: ResolverContext): Promise<FileResult> {
    // Reported by integrators: the live server fails inside when `tags` is sent. A plain Error is
    // hidden as "Internal server error" (HTTP 200, `uploadFile: null`), which is what they saw.
    if (args.tags !== undefined) throw new Error('tags cannot be stored');
    const companyNumber = knownCompany(args.companyNumber ?? args.vatnumber, context);
    const { file, check } = await acceptedFile(args.filename, context);
    const comment = args.comment ?? null;
    const uuid = await context.store(
      {
        companyNumber,
        invoiceType: args.invoicetype ?? null,
        filename: args.filename,
        comment,
        fileType: check.fileType,
        bytes: file.bytes,
        amountOfPages: check.pages,
        variables: context.variables,
      },
      file,
    );
    return { uuid, name: args.filename, amountOfPages: check.pages, comment, tags: [] };
  },

  /**
   * The documented archive upload: the same checks as `uploadFile` (company, file part, name,
   * accepted formats), and the category must be an id of that company's archive of that `type`.
   */
  async uploadArchiveFile(args: UploadArchiveFileArgs, context: ResolverContext): Promise<FileResult> {
    const companyNumber = knownCompany(args.vatnumber, context);
    const archive = args.type === 'VARIOUS' ? 'various' : 'permanent';
    const category = categoriesOf(companyNumber, context)[archive].find((item) => item.id === args.category);
    if (category === undefined) {
      throw new ClientSafeError(
        `No ${archive} archive category with id ${JSON.stringify(args.category)} for company ${companyNumber}.`,
      );
    }
    const { file, check } = await acceptedFile(args.filename, context);
    const uuid = await context.store(
      {
        companyNumber,
        invoiceType: null,
        archive: { type: args.type, categoryId: category.id, categoryName: category.name },
        filename: args.filename,
        comment: null,
        fileType: check.fileType,
        bytes: file.bytes,
        amountOfPages: check.pages,
        variables: context.variables,
      },
      file,
    );
    return { uuid, name: args.filename, amountOfPages: check.pages, comment: null, tags: [] };
  },

  /** The archive categories of one administration the token can reach. */
  archiveCategories(args: { vatnumber: string }, context: ResolverContext): SandboxArchiveCategories {
    return categoriesOf(knownCompany(args.vatnumber, context), context);
  },

  /** One page of the administrations the token can reach. */
  administrations(
    args: { offset?: number | null; first?: number | null },
    context: ResolverContext,
  ): readonly SandboxAdministration[] {
    const offset = Math.max(0, args.offset ?? 0);
    const first = Math.min(context.pageSize, Math.max(0, args.first ?? context.pageSize));
    return context.administrations.slice(offset, offset + first).map(withEmails);
  },

  /** One administration, or an error naming the number. */
  administration(args: { companyNumber: string }, context: ResolverContext): SandboxAdministration {
    const companyNumber = knownCompany(args.companyNumber, context);
    const found = context.administrations.find((item) => sameCompany(item, companyNumber));
    return withEmails(found as SandboxAdministration);
  },
};

/** The ten digits of a company number this token can reach, or a client-safe refusal. */
/**
 * The checks both uploads make on the file, in the server's order: a file part, a name, a format
 * Clearfacts takes, then any refusal a test injected. Returns the part and what the check found.
 */
async function acceptedFile(
  filename: string,
  context: ResolverContext,
): Promise<{ readonly file: GraphqlFilePart; readonly check: Extract<FileCheck, { accepted: true }> }> {
  const file = context.file;
  if (file === undefined) throw new ClientSafeError('No file was uploaded (expected a "file" part).');
  if (filename.trim() === '') throw new ClientSafeError('The filename cannot be empty.');
  const check = await checkUploadedFile(file.bytes);
  if (!check.accepted) throw new ClientSafeError(check.reason);
  if (context.refusal !== undefined) throw new ClientSafeError(context.refusal);
  return { file, check };
}

function knownCompany(given: string | null | undefined, context: ResolverContext): string {
  const companyNumber = given ? normaliseCompanyNumber(given) : undefined;
  if (companyNumber === undefined) {
    throw new ClientSafeError(`Invalid company number: ${JSON.stringify(given ?? null)}`);
  }
  if (!context.administrations.some((item) => sameCompany(item, companyNumber))) {
    throw new ClientSafeError(`No administration with company number ${companyNumber} for this user.`);
  }
  return companyNumber;
}

function categoriesOf(companyNumber: string, context: ResolverContext): SandboxArchiveCategories {
  const found = context.administrations.find((item) => sameCompany(item, companyNumber));
  return found?.archiveCategories ?? defaultArchiveCategories(companyNumber);
}

function sameCompany(administration: SandboxAdministration, companyNumber: string): boolean {
  return normaliseCompanyNumber(administration.companyNumber) === companyNumber;
}

function withEmails(administration: SandboxAdministration): SandboxAdministration {
  return { ...administration, emails: administration.emails ?? [] };
}
