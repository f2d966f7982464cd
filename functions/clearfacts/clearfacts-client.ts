import type { ArchiveCategories } from './archive-categories';
import { ArchiveCategoryCache } from './archive-category-cache';
import { type RandomSource, type Sleep, sleep } from './backoff';
import { ClearfactsError } from './clearfacts-errors';
import {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_TIMEOUT_MS,
  type GraphqlEndpoint,
  graphqlContext,
  graphqlRequest,
  sendGraphql,
  type TokenProvider,
} from './graphql-request';
import type { GraphqlData } from './graphql-response';
import type { MultipartBody } from './multipart-body';
import type { RetryOptions } from './retry';
import { withRetries } from './retry';
import { buildUploadArchiveFileForm } from './upload-archive-file-mutation';
import {
  buildUploadFileForm,
  readUploadedFile,
  type UploadField,
  uploadedDespiteErrors,
} from './upload-file-mutation';
import type { ClearfactsUploader, UploadedFile, UploadRequest } from './uploader';

/** How to reach Clearfacts and how hard to try. */
export interface ClearfactsClientOptions {
  /** The GraphQL endpoint (the config's `clearfacts.apiUrl`). */
  readonly apiUrl: string;
  /** Returns the bearer token; a function, so a rotated secret is used without a restart. */
  readonly token: TokenProvider;
  /** Per request; default `DEFAULT_TIMEOUT_MS` (30 s). */
  readonly timeoutMs?: number;
  /** Attempts per call within one run; default `DEFAULT_MAX_ATTEMPTS` (3). */
  readonly maxAttempts?: number;
  /** Defaults to the platform `fetch`. */
  readonly fetch?: typeof fetch;
  /** Defaults to a real timer; tests pass a no-op. */
  readonly sleep?: Sleep;
  /** Defaults to `Math.random`; drives the backoff jitter. */
  readonly random?: RandomSource;
}

/** The Clearfacts GraphQL API: uploads documents, and runs queries for operator tools. */
export class ClearfactsClient implements ClearfactsUploader {
  private readonly endpoint: GraphqlEndpoint;
  private readonly retry: RetryOptions;
  /** Archive category names to ids, per company; one client serves one invocation. */
  private readonly archiveCategoryCache = new ArchiveCategoryCache(this);

  constructor(options: ClearfactsClientOptions) {
    this.endpoint = {
      apiUrl: options.apiUrl,
      token: options.token,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      fetch: options.fetch,
    };
    this.retry = {
      maxAttempts: Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
      sleep: options.sleep ?? sleep,
      random: options.random ?? Math.random,
    };
  }

  /**
   * Uploads one document into the administration's inbox, or with `request.archive` into that
   * archive category (`uploadArchiveFile`, the category's name resolved to its id); its uuid is the
   * proof of delivery.
   */
  async uploadFile(request: UploadRequest): Promise<UploadedFile> {
    if (request.archive === undefined) return this.send('uploadFile', buildUploadFileForm(request));
    const category = await this.archiveCategoryCache.resolve(request.companyNumber, request.archive);
    return this.send(
      'uploadArchiveFile',
      buildUploadArchiveFileForm(request, request.archive.type, category.id),
    );
  }

  /** One administration's archive categories (the `archive_read` scope), cached like the uploads' lookups. */
  archiveCategories(companyNumber: string): Promise<ArchiveCategories> {
    return this.archiveCategoryCache.categories(companyNumber);
  }

  private async send(field: UploadField, form: MultipartBody): Promise<UploadedFile> {
    const context = graphqlContext(this.endpoint.apiUrl, field);
    return withRetries(async () => {
      try {
        return readUploadedFile(await sendGraphql(this.endpoint, field, form), context, field);
      } catch (error) {
        // A uuid beside `errors` is an upload that happened: never send it again, warn instead.
        const landed =
          error instanceof ClearfactsError ? uploadedDespiteErrors(error, context, field) : undefined;
        if (landed === undefined) throw error;
        return landed;
      }
    }, this.retry);
  }

  /** Runs a JSON GraphQL query with this client's endpoint, token, timeout and retries. */
  async query(operation: string, query: string, variables?: Record<string, unknown>): Promise<GraphqlData> {
    return graphqlRequest({ ...this.endpoint, ...this.retry, operation, query, variables });
  }
}
