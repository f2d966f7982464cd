import type { IncomingHttpHeaders } from 'node:http';
import type { GraphqlFilePart } from './graphql-body';

/** One request, as received and understood. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query, e.g. `/graphql`. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The media type without parameters: `multipart/form-data` or `application/json`. */
  readonly contentType: string;
  /** Multipart field names in the order sent; empty for JSON bodies. */
  readonly partNames: readonly string[];
  /** The GraphQL text, from the `query` part or JSON field. */
  readonly query: string | undefined;
  /** The parsed `variables` (a JSON string part in multipart, an object in JSON). */
  readonly variables: Record<string, unknown> | undefined;
  /** The `file` part, when there was one. */
  readonly file: GraphqlFilePart | undefined;
  /** The raw body, for assertions the fields above do not cover. */
  readonly body: Uint8Array;
  /** Why the body could not be parsed, if it could not (the stand-in then answers 400). */
  readonly parseError: string | undefined;
}

/** A literal answer: `body` is sent as JSON, `rawBody` as is; nothing is stored. */
export interface ScriptedResponse {
  readonly status?: number;
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Wait this long before answering. */
  readonly delayMs?: number;
}

/**
 * A fault around the stand-in's own answer (which validates, and stores an accepted upload):
 * - `none`: answer as Clearfacts would;
 * - `internal-error`: store nothing, answer 200 with graphql-php's "Internal server error";
 * - `store-then-cut`: store the upload, then cut the connection without answering;
 * - `slow`: store the upload, answer `delayMs` after the request arrived (if the client still listens);
 * - `stored-with-errors`: store the upload, answer its `File` *and* an "Internal server error";
 * - `refused`: an upload the stand-in would accept is refused for good instead (a client-safe
 *   error, category `user`, with `reason`), as Clearfacts refuses a file it will not process;
 *   everything else is still checked first, so a wrong request gets its own error.
 */
export type Fault =
  | { readonly fault: 'none'; readonly authorised?: true }
  | { readonly fault: 'internal-error' | 'store-then-cut' | 'stored-with-errors' }
  | { readonly fault: 'slow'; readonly delayMs: number }
  | { readonly fault: 'refused'; readonly reason: string };

/** What answers one request: literal, a fault, or computed from the request. */
export type Responder =
  | ScriptedResponse
  | Fault
  | ((request: RecordedRequest) => ScriptedResponse | Fault | Promise<ScriptedResponse | Fault>);

/** Answer as Clearfacts would (for computed responders that script only some requests). */
export const AS_CLEARFACTS: Fault = { fault: 'none' };
/** Answer as Clearfacts would, the bearer token already checked by the responder (OIDC tests). */
export const AS_CLEARFACTS_AUTHORISED: Fault = { fault: 'none', authorised: true };
/** A transient fault inside Clearfacts, shown as graphql-php shows it: HTTP 200, nothing stored. */
export const INTERNAL_ERROR: Fault = { fault: 'internal-error' };
/** The upload is stored, then the connection drops: the client cannot know it landed. */
export const STORE_THEN_CUT: Fault = { fault: 'store-then-cut' };
/** The upload is stored and its `File` returned, with an `errors` entry beside it. */
export const STORED_WITH_ERRORS: Fault = { fault: 'stored-with-errors' };

/** The upload is stored, and the answer comes `delayMs` after the request arrived. */
export function slowAnswer(delayMs: number): Fault {
  return { fault: 'slow', delayMs };
}

/** The upload is refused for good with `reason` (nothing stored), after the usual checks pass. */
export function refusedUpload(reason: string): Fault {
  return { fault: 'refused', reason };
}

/**
 * Answers uploads named `filename` (the `filename` variable) with `fault`, and every other request
 * as Clearfacts would: for a fault that must hit one document of a message, whatever the order.
 */
export function forFilename(filename: string, fault: Fault): Responder {
  return (request) => (request.variables?.filename === filename ? fault : AS_CLEARFACTS);
}

/** A 200 with a GraphQL `errors` array and `data.uploadFile` null, as Clearfacts reports failures. */
export function graphqlErrorResponse(
  message: string,
  extensions?: Record<string, unknown>,
): ScriptedResponse {
  return {
    status: 200,
    body: { errors: [{ message, ...(extensions ? { extensions } : {}) }], data: { uploadFile: null } },
  };
}

/** Whether a responder's result is a fault (around the stand-in's own answer) or a literal answer. */
export function isFault(answer: ScriptedResponse | Fault): answer is Fault {
  return 'fault' in answer;
}
