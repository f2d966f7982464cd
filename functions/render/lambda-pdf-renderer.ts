import type { InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { describeError, type ErrorKind } from '../shared/errors';
import { type PdfRenderer, RenderError } from './pdf-renderer';
import { decodeRenderResponse, encodeRenderRequest } from './render-request';

type Invoke = (functionName: string, payload: Uint8Array) => Promise<InvokeCommandOutput>;

/** Lambda API errors an admin must fix: the function is gone or the role may not invoke it. */
const CONFIGURATION_ERRORS = new Set([
  'ResourceNotFoundException',
  'AccessDeniedException',
  'KMSAccessDeniedException',
]);

/** Lambda API errors that retrying cannot fix. */
const PERMANENT_ERRORS = new Set(['RequestTooLargeException', 'InvalidRequestContentException']);

/** Failures of the function itself that retrying cannot fix (the PDF exceeds the response limit). */
const PERMANENT_FUNCTION_ERRORS = new Set(['Function.ResponseSizeTooLarge']);

/**
 * Renders through the render function (`render-handler.ts`), invoked synchronously. Throttling,
 * a crash, an out-of-memory kill or the function's time-out are retryable; a missing function
 * or permission is a configuration error. The Lambda client is loaded on the first render: most
 * messages have attachments, and the ingest function's cold start should not pay for it.
 */
export class LambdaPdfRenderer implements PdfRenderer {
  private invoker: Promise<Invoke> | undefined;

  constructor(
    private readonly functionName: string,
    /** The function's region when it is not the caller's default (the CLI's `--region`). */
    private readonly region?: string,
  ) {}

  async render(html: string): Promise<Buffer> {
    const payload = encodeRenderRequest(html);
    let output: InvokeCommandOutput;
    try {
      const invoke = await this.loadInvoker();
      output = await invoke(this.functionName, payload);
    } catch (error) {
      throw new RenderError(
        `Invoking the render function ${this.functionName} failed: ${describeError(error)}`,
        apiErrorKind(error),
        { cause: error },
      );
    }
    const answer = parsePayload(output.Payload);
    if (output.FunctionError !== undefined) {
      const { errorType, errorMessage } = (answer ?? {}) as { errorType?: unknown; errorMessage?: unknown };
      const kind: ErrorKind = PERMANENT_FUNCTION_ERRORS.has(String(errorType)) ? 'permanent' : 'retryable';
      throw new RenderError(
        `The render function ${this.functionName} failed: ${String(errorType ?? output.FunctionError)}: ${String(errorMessage ?? '')}`,
        kind,
      );
    }
    return decodeRenderResponse(answer);
  }

  private loadInvoker(): Promise<Invoke> {
    this.invoker ??= import('./lambda-invoke').then(({ createInvoker }) => createInvoker(this.region));
    return this.invoker;
  }
}

function apiErrorKind(error: unknown): ErrorKind {
  const name = error instanceof Error ? error.name : '';
  if (CONFIGURATION_ERRORS.has(name)) return 'configuration';
  if (PERMANENT_ERRORS.has(name)) return 'permanent';
  return 'retryable';
}

function parsePayload(payload: Uint8Array | undefined): unknown {
  if (payload === undefined || payload.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch {
    return undefined;
  }
}
