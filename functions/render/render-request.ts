import { gunzipSync, gzipSync } from 'node:zlib';
import { describeError, type ErrorKind, errorKindOf } from '../shared/errors';
import { type PdfRenderer, RenderError } from './pdf-renderer';

/**
 * Lambda takes and returns at most 6 MB per synchronous invocation. The page travels gzipped (mail
 * HTML shrinks several times; inline images hardly, but receipts carry logos, not photos) and the
 * PDF base64-encoded, so a PDF up to about 4.4 MB comes back.
 */
export const MAX_INVOKE_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** Room left in a response for the JSON around the PDF. */
const RESPONSE_OVERHEAD_BYTES = 1024;

/** What the ingest function sends the render function. */
export interface RenderRequest {
  /** The page, gzipped, base64-encoded. */
  readonly html: string;
}

/** What the render function answers: the PDF, or a classified failure. */
export type RenderResponse =
  | { readonly pdf: string }
  | { readonly error: { readonly message: string; readonly kind: ErrorKind } };

/** The invocation payload for a page; a page too large to send is a permanent `RenderError`. */
export function encodeRenderRequest(html: string): Buffer {
  const request: RenderRequest = { html: gzipSync(html).toString('base64') };
  const payload = Buffer.from(JSON.stringify(request));
  if (payload.length > MAX_INVOKE_PAYLOAD_BYTES) {
    throw new RenderError(
      `The message body is too large to render: ${megabytes(payload.length)} to send, Lambda takes ${megabytes(MAX_INVOKE_PAYLOAD_BYTES)}`,
      'permanent',
    );
  }
  return payload;
}

/** The render function's work: decode, render, encode; failures become answers, never throws. */
export async function answerRenderRequest(request: unknown, renderer: PdfRenderer): Promise<RenderResponse> {
  try {
    const html = decodeRequest(request);
    const pdf = (await renderer.render(html)).toString('base64');
    if (pdf.length + RESPONSE_OVERHEAD_BYTES > MAX_INVOKE_PAYLOAD_BYTES) {
      throw new RenderError(
        `The PDF is too large to return: ${megabytes(pdf.length)} encoded, Lambda returns ${megabytes(MAX_INVOKE_PAYLOAD_BYTES)}`,
        'permanent',
      );
    }
    return { pdf };
  } catch (error) {
    return { error: { message: describeError(error), kind: errorKindOf(error) } };
  }
}

/** The PDF from the render function's answer, or the `RenderError` it reported. */
export function decodeRenderResponse(response: unknown): Buffer {
  if (typeof response === 'object' && response !== null) {
    if ('pdf' in response && typeof response.pdf === 'string') return Buffer.from(response.pdf, 'base64');
    if ('error' in response && typeof response.error === 'object' && response.error !== null) {
      const { message, kind } = response.error as { message?: unknown; kind?: unknown };
      const known: ErrorKind = kind === 'permanent' || kind === 'configuration' ? kind : 'retryable';
      throw new RenderError(`The render function failed: ${String(message)}`, known);
    }
  }
  throw new RenderError('The render function answered something other than a PDF', 'retryable');
}

function decodeRequest(request: unknown): string {
  if (
    typeof request !== 'object' ||
    request === null ||
    !('html' in request) ||
    typeof request.html !== 'string'
  ) {
    throw new RenderError('Expected a render request: { "html": "<gzipped page, base64>" }', 'permanent');
  }
  try {
    return gunzipSync(Buffer.from(request.html, 'base64')).toString('utf8');
  } catch (error) {
    throw new RenderError('The page in the render request is not gzipped base64', 'permanent', {
      cause: error,
    });
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
