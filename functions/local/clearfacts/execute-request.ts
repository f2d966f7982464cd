import { execute, type GraphQLError, getOperationAST, parse, validate } from 'graphql';
import { clearfactsResolvers, type ResolverContext } from './clearfacts-resolvers';
import { clearfactsSchema } from './clearfacts-schema';
import { INTERNAL_SERVER_ERROR, type SerialisedError, serialiseError } from './graphql-php-errors';
import type { Fault, RecordedRequest } from './stand-in-faults';

/** The GraphQL answer to one request, and why an upload was refused if it was. */
export interface ExecutedRequest {
  readonly body: { readonly data?: Record<string, unknown> | null; readonly errors?: SerialisedError[] };
  /** The error messages, when the request asked for an upload and got errors. */
  readonly refused?: string;
}

const INTERNAL: SerialisedError = { message: INTERNAL_SERVER_ERROR, extensions: { category: 'internal' } };

/**
 * Parses, validates and executes a request against the published schema with graphql-js (the
 * reference implementation, so "unknown argument", "cannot query field" and variable type errors
 * are worded as any spec-following server words them), then applies the injected fault.
 */
export async function executeRequest(
  request: RecordedRequest,
  fault: Fault,
  context: ResolverContext,
): Promise<ExecutedRequest> {
  const schema = clearfactsSchema();
  let document: ReturnType<typeof parse>;
  try {
    document = parse(request.query ?? '');
  } catch (error) {
    return { body: { errors: [serialiseError(error as GraphQLError)] } };
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) return finish({ errors: invalid.map(serialiseError) }, isUpload(request));

  if (fault.fault === 'internal-error') {
    const field = rootFields(document)[0] ?? 'uploadFile';
    return finish({ data: { [field]: null }, errors: [INTERNAL] }, isUpload(request));
  }
  const result = await execute({
    schema,
    document,
    rootValue: clearfactsResolvers,
    contextValue: fault.fault === 'refused' ? { ...context, refusal: fault.reason } : context,
    variableValues: request.variables ?? {},
  });
  const data = (result.data ?? undefined) as Record<string, unknown> | undefined;
  const errors = result.errors?.map(serialiseError) ?? [];
  if (fault.fault === 'stored-with-errors' && (data?.uploadFile || data?.uploadArchiveFile))
    errors.push(INTERNAL);
  return finish(
    { ...(data === undefined ? {} : { data }), ...(errors.length > 0 ? { errors } : {}) },
    isUpload(request),
  );
}

function finish(body: ExecutedRequest['body'], upload: boolean): ExecutedRequest {
  const refused =
    upload && body.errors !== undefined && !(body.data?.uploadFile ?? body.data?.uploadArchiveFile ?? null)
      ? body.errors.map((error) => error.message).join('; ')
      : undefined;
  return { body, ...(refused === undefined ? {} : { refused }) };
}

function isUpload(request: RecordedRequest): boolean {
  return /\bupload(Archive)?File\b/.test(request.query ?? '');
}

/** The top-level fields the operation selects, for shaping an error's `data`. */
function rootFields(document: ReturnType<typeof parse>): string[] {
  const operation = getOperationAST(document);
  return (operation?.selectionSet.selections ?? []).flatMap((selection) =>
    selection.kind === 'Field' ? [selection.alias?.value ?? selection.name.value] : [],
  );
}
