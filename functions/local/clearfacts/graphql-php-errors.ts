import type { GraphQLError } from 'graphql';

/**
 * An error a resolver means the client to read, like graphql-php's `ClientAware` errors: its
 * message is shown, with `extensions.category` (graphql-php 14 uses `user` for these).
 */
export class ClientSafeError extends Error {
  constructor(
    message: string,
    readonly category = 'user',
  ) {
    super(message);
    this.name = 'ClientSafeError';
  }
}

/** An error as graphql-php serialises it: message, locations, path, `extensions.category`. */
export interface SerialisedError {
  readonly message: string;
  readonly locations?: readonly { line: number; column: number }[];
  readonly path?: readonly (string | number)[];
  readonly extensions: { readonly category: string };
}

/** graphql-php's wording for any exception it does not trust the client with. */
export const INTERNAL_SERVER_ERROR = 'Internal server error';

/**
 * Serialises a graphql-js error the way graphql-php does by default: syntax, validation and
 * variable errors keep their message under category `graphql`; a `ClientSafeError` keeps its
 * own; anything else a resolver threw is hidden as "Internal server error", category `internal`.
 */
export function serialiseError(error: GraphQLError): SerialisedError {
  const where = {
    ...(error.locations ? { locations: error.locations.map(({ line, column }) => ({ line, column })) } : {}),
    ...(error.path ? { path: error.path } : {}),
  };
  // Errors without a path were raised before execution: syntax, validation, variable values.
  if (error.path === undefined) {
    return { message: error.message, ...where, extensions: { category: 'graphql' } };
  }
  const original = error.originalError;
  if (original instanceof ClientSafeError) {
    return { message: original.message, ...where, extensions: { category: original.category } };
  }
  return { message: INTERNAL_SERVER_ERROR, ...where, extensions: { category: 'internal' } };
}
