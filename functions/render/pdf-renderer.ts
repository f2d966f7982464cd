import { type ErrorKind, IngestError } from '../shared/errors';

/**
 * Turns a complete HTML page into an A4 PDF without running its scripts or loading anything
 * from the network. Locally a headless Chromium (`ChromiumPdfRenderer`); in AWS a separate
 * function that holds Chromium (`LambdaPdfRenderer`), so the ingest bundle stays small.
 */
export interface PdfRenderer {
  /** The PDF's bytes; fails with a `RenderError`. */
  render(html: string): Promise<Buffer>;
}

/**
 * A page could not be rendered. `retryable`: Chromium crashed, could not start, or took longer than
 * its time limit (a busy or cold machine); `configuration`: Chromium is missing or the render
 * function cannot be reached; `permanent`: the page is too large to send to the renderer.
 */
export class RenderError extends IngestError {
  constructor(message: string, kind: ErrorKind, options?: { cause?: unknown }) {
    super(message, kind, options);
    this.name = 'RenderError';
  }
}
