import '../shared/map-stack-traces';
import { ChromiumPdfRenderer } from './chromium-renderer';
import { lambdaChromium } from './lambda-chromium';
import { answerRenderRequest, type RenderResponse } from './render-request';

// One browser per execution environment: started by the first request, kept warm for the next.
const renderer = new ChromiumPdfRenderer({ chromium: lambdaChromium });

/**
 * The render Lambda entry: the ingest function invokes it synchronously with a page and gets the
 * PDF back, or a classified failure (`render-request.ts`). Chromium lives only in this function,
 * so the ingest function's bundle and cold start stay as they were.
 */
export async function handler(request: unknown): Promise<RenderResponse> {
  const response = await answerRenderRequest(request, renderer);
  if ('error' in response) console.error('render failed', response.error);
  return response;
}
