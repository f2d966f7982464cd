import { InvalidInputError } from '../../shared/errors';

/** A file part of a multipart GraphQL request. */
export interface GraphqlFilePart {
  readonly name: string;
  readonly type: string;
  readonly bytes: Uint8Array;
}

/** A GraphQL request body as a server reads it, multipart (uploads) or JSON (queries). */
export interface GraphqlBody {
  /** Multipart field names in the order sent; empty for JSON bodies. */
  readonly partNames: readonly string[];
  readonly query: string | undefined;
  /** The parsed `variables` (a JSON string part in multipart, an object in JSON). */
  readonly variables: Record<string, unknown> | undefined;
  readonly file: GraphqlFilePart | undefined;
}

/**
 * Reads a GraphQL POST body with the platform's own multipart parser (`Request.formData()`),
 * so what a local server sees is what any standard server would. Throws `InvalidInputError`
 * for a body no server could read (the caller answers 400).
 */
export async function readGraphqlBody(contentTypeHeader: string, body: Uint8Array): Promise<GraphqlBody> {
  const mediaType = contentTypeHeader.split(';')[0]?.trim().toLowerCase() ?? '';
  try {
    if (mediaType === 'application/json') {
      const json = JSON.parse(new TextDecoder().decode(body)) as { query?: unknown; variables?: unknown };
      return {
        partNames: [],
        query: asString(json.query),
        variables: asRecord(json.variables),
        file: undefined,
      };
    }
    if (mediaType !== 'multipart/form-data') throw new Error(`unsupported content type "${mediaType}"`);
    const form = await new Request('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': contentTypeHeader },
      body,
    }).formData();
    const variables = form.get('variables');
    const file = form.get('file');
    return {
      partNames: [...form.keys()],
      query: asString(form.get('query')),
      variables: typeof variables === 'string' ? asRecord(JSON.parse(variables)) : undefined,
      file:
        file !== null && typeof file !== 'string'
          ? { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) }
          : undefined,
    };
  } catch (error) {
    throw new InvalidInputError(`Unreadable GraphQL request body: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
