import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { collectGarbage } from '../shared/collect-garbage';
import { commonJsExports } from '../shared/common-js';
import type { PdfReading } from './pdf-check';

/**
 * pdf.js's legacy build (the one that runs on Node 20 as well as 22), as the files the stack copies
 * beside the Lambda bundle (infra/constructs/ingest-function.ts): kept out of the bundle, which
 * every cold start parses, because only a PDF the byte checks doubt ever needs them.
 */
export const PDFJS_FILES = ['pdf.min.mjs', 'pdf.worker.min.mjs'] as const;

/**
 * Pages loaded to prove a document opens. Loading a page reads its dictionary and inherited
 * resources only (no content is drawn), well under a millisecond each; this bounds the work for
 * a file that declares absurd page counts. A file whose first thousand pages open is not "unreadable".
 */
export const MAX_PAGES_CHECKED = 1000;

/** pdf.js's API (its legacy build). */
export type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjs: Promise<Pdfjs> | undefined;

/**
 * Opens a PDF with pdf.js, the reader in Firefox, and says whether it opens without a password
 * (an owner password that only restricts printing or copying is no obstacle: RC4 40/128, AES-128
 * and AES-256, revisions 2 to 6), needs one, or cannot be read at all. pdf.js rebuilds a broken
 * cross-reference table by scanning the objects, as desktop readers do, and ignores bytes after
 * `%%EOF`. Every page (up to `MAX_PAGES_CHECKED`) must load. Loaded on first use only.
 */
export async function readPdf(content: Buffer): Promise<PdfReading> {
  const task = await openPdf(content);
  try {
    const document = await task.promise;
    const pages = document.numPages;
    if (pages < 1) return { outcome: 'unreadable', detail: 'it has no pages' };
    for (let page = 1; page <= Math.min(pages, MAX_PAGES_CHECKED); page += 1) {
      try {
        await document.getPage(page);
      } catch (error) {
        return {
          outcome: 'unreadable',
          detail: `page ${page} of ${pages} cannot be read: ${messageOf(error)}`,
        };
      }
    }
    return { outcome: 'opens', pages };
  } catch (error) {
    if (error instanceof Error && error.name === 'PasswordException') return { outcome: 'needs-password' };
    return { outcome: 'unreadable', detail: `no reader can open it: ${messageOf(error)}` };
  } finally {
    await closePdf(task, content);
  }
}

/**
 * A reader's copy of a document this large is collected as soon as pdf.js lets go of it. V8 frees a
 * dead ArrayBuffer only when it collects, and external memory alone makes it collect only after
 * about 64 MB more: reading the three 10 MB scans of a 39 MB message left 30 MB of dead copies on
 * top of the message, its peak memory. A full collection takes about 30 ms on a 2-core machine,
 * beside the seconds such a scan takes to read and upload; smaller copies are left to V8 (issue #19,
 * rss-39mb).
 */
export const COLLECT_AFTER_COPY_BYTES = 8 * 1024 * 1024;

/** pdf.js's task loading one document: `await task.promise` for it, `closePdf` when done. */
export type PdfLoadingTask = ReturnType<Pdfjs['getDocument']>;

/**
 * Starts loading a PDF with the options both readers need (this check and the text reader of
 * functions/identity/pdf-text.ts): only the structure and the text operators are read, nothing is
 * drawn, and no code from the PDF is evaluated. The caller ends it with `closePdf`.
 */
export async function openPdf(content: Buffer): Promise<PdfLoadingTask> {
  const { getDocument, VerbosityLevel } = await loadPdfjs();
  return getDocument({
    // A copy: pdf.js takes ownership of the buffer it is given, and `content` may share Node's pool.
    data: new Uint8Array(content),
    // Nothing is drawn: no fonts compiled to code, no system fonts looked up, no console noise.
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: VerbosityLevel.ERRORS,
  });
}

/**
 * Ends a reading started with `openPdf`: pdf.js drops the document, and a large copy of it
 * (`COLLECT_AFTER_COPY_BYTES`) is collected at once where the runtime allows it.
 */
export async function closePdf(task: PdfLoadingTask, content: Buffer): Promise<void> {
  await task.destroy();
  if (content.byteLength >= COLLECT_AFTER_COPY_BYTES) collectGarbage();
}

/**
 * pdf.js and its worker code, which runs on this thread (`globalThis.pdfjsWorker` is where pdf.js
 * looks for it before trying to start a worker from a file). From beside the bundle in Lambda,
 * from node_modules everywhere else (tests, `npm start`). Shared with the text reader of
 * functions/identity/pdf-text.ts, so the function loads one pdf.js, once.
 */
export function loadPdfjs(): Promise<Pdfjs> {
  pdfjs ??= (async () => {
    await provideDomMatrix();
    const beside = PDFJS_FILES.map((file) => join(__dirname, file));
    const [api, worker] = beside.every((file) => existsSync(file))
      ? await Promise.all(beside.map((file) => import(pathToFileURL(file).href)))
      : await Promise.all([
          import('pdfjs-dist/legacy/build/pdf.min.mjs'),
          import('pdfjs-dist/legacy/build/pdf.worker.min.mjs'),
        ]);
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return api as Pdfjs;
  })().catch((error: unknown) => {
    pdfjs = undefined;
    throw error;
  });
  return pdfjs;
}

/**
 * pdf.js creates a `DOMMatrix` when its module loads (a constant of its canvas code) and takes the
 * class from the optional native @napi-rs/canvas on Node, which the Lambda bundle does not ship:
 * without one the import fails. Nothing here draws, so a pure-JavaScript DOMMatrix is enough.
 */
async function provideDomMatrix(): Promise<void> {
  const scope = globalThis as { DOMMatrix?: unknown };
  if (scope.DOMMatrix !== undefined) return;
  scope.DOMMatrix = commonJsExports<unknown>(await import('@thednp/dommatrix'));
}

/** pdf.js's message without its closing full stop, to sit inside a reason. */
function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
}
