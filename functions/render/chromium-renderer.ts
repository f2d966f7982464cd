import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeError } from '../shared/errors';
import { type PdfRenderer, RenderError } from './pdf-renderer';

/**
 * One render, Chromium's start included. A receipt renders in well under a second once Chromium
 * runs, and starting takes one or two (more on a cold Lambda, which first unpacks the browser);
 * 30 s leaves ample room for a long newsletter-sized page, yet a stuck page cannot hold a queue
 * message anywhere near the ingest function's five minutes.
 */
export const RENDER_TIME_LIMIT_MS = 30_000;

/** Page margins: room for a printer's edge, and still 700 CSS pixels for a 600-pixel mail layout. */
const PAGE_MARGIN = '12mm';

/**
 * Flags for a quiet, isolated browser. Playwright adds `--headless`, `--no-sandbox` (Chromium
 * needs it as root, in containers and in Lambda) and a fresh temporary profile per launch. The rest
 * stop Chromium's own background traffic, and the resolver rule answers every host name with
 * "not found", so even a request that escaped the renderer's blocking could not reach anyone.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

/** A Chromium ready to start, with the flags its build needs beside `CHROMIUM_ARGS`. */
export interface ChromiumBinary {
  readonly executablePath: string;
  readonly args: readonly string[];
  /** Variables it needs on top of the process's own (libraries, fonts). */
  readonly env?: Readonly<Record<string, string>>;
}

/** How the renderer starts Chromium. */
export interface ChromiumRendererOptions {
  /**
   * The browser: a path, or a function preparing one when the first page is rendered (the Lambda
   * build unpacks itself into /tmp). @default `findChromium()`, the first browser found on the machine
   */
  readonly chromium?: string | (() => Promise<ChromiumBinary>);
  /** @default RENDER_TIME_LIMIT_MS */
  readonly timeLimitMs?: number;
}

/** A running browser and the one context every page opens in. */
interface Session {
  readonly browser: Browser;
  readonly context: BrowserContext;
}

/**
 * Renders pages with a headless Chromium driven by playwright-core, loaded only when the first
 * page is rendered. The browser starts once and serves every later page. All pages open in one
 * context with JavaScript disabled and every request aborted, and each page is closed after use:
 * with nothing able to run or load, pages cannot leave anything behind for the next, and the
 * Lambda build (`--single-process`) stops altogether when a context closes. After a crash or a
 * time-out the browser starts anew.
 */
export class ChromiumPdfRenderer implements PdfRenderer {
  private session: Promise<Session> | undefined;
  private binary: Promise<ChromiumBinary> | undefined;

  constructor(private readonly options: ChromiumRendererOptions = {}) {}

  async render(html: string): Promise<Buffer> {
    const limitMs = this.options.timeLimitMs ?? RENDER_TIME_LIMIT_MS;
    // Finding the browser (and unpacking the npm build, once per machine) is set-up, not part of
    // any page's time limit.
    await this.prepare().catch((error: unknown) => {
      throw error instanceof RenderError
        ? error
        : new RenderError(`Chromium could not be prepared: ${describeError(error)}`, 'retryable', {
            cause: error,
          });
    });
    const pages: Page[] = [];
    const work = this.renderIn(html, limitMs, pages);
    // Whatever the page does after a time-out must not become an unhandled rejection.
    work.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new RenderError(`Rendering the page took longer than ${limitMs / 1000} s`, 'retryable'));
      }, limitMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } catch (error) {
      // A browser that missed its deadline may be wedged: the next page gets a new one.
      if (error instanceof RenderError && error.kind === 'retryable') await this.close();
      throw error instanceof RenderError
        ? error
        : new RenderError(`Chromium could not render the page: ${describeError(error)}`, 'retryable', {
            cause: error,
          });
    } finally {
      clearTimeout(timer);
      await Promise.all(pages.map((page) => page.close().catch(() => undefined)));
    }
  }

  /** Stops the browser, if one runs. */
  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (session === undefined) return;
    await session.then(({ browser }) => browser.close()).catch(() => undefined);
  }

  private async renderIn(html: string, limitMs: number, pages: Page[]): Promise<Buffer> {
    const { context } = await this.launch(limitMs);
    const page = await context.newPage();
    pages.push(page);
    await page.setContent(html, { waitUntil: 'load', timeout: limitMs });
    const margin = { top: PAGE_MARGIN, right: PAGE_MARGIN, bottom: PAGE_MARGIN, left: PAGE_MARGIN };
    return await page.pdf({ format: 'A4', printBackground: true, margin });
  }

  private launch(limitMs: number): Promise<Session> {
    if (this.session === undefined) {
      const starting = this.start(limitMs);
      this.session = starting;
      const forget = (): void => {
        if (this.session === starting) this.session = undefined;
      };
      starting.then(({ browser }) => browser.on('disconnected', forget), forget);
    }
    return this.session;
  }

  /** The browser to start, found once; a failure is not kept, so installing one fixes the next page. */
  private prepare(): Promise<ChromiumBinary> {
    if (this.binary === undefined) {
      const finding = this.findBinary();
      this.binary = finding;
      finding.catch(() => {
        if (this.binary === finding) this.binary = undefined;
      });
    }
    return this.binary;
  }

  private async findBinary(): Promise<ChromiumBinary> {
    const configured = this.options.chromium;
    if (typeof configured === 'string') return { executablePath: configured, args: [] };
    if (configured !== undefined) return await configured();
    // Loaded only here: the render Lambda always passes its own build.
    const { findChromium } = await import('./find-chromium');
    return await findChromium();
  }

  private async start(limitMs: number): Promise<Session> {
    const { executablePath, args, env } = await this.prepare();
    try {
      await access(executablePath, constants.X_OK);
    } catch (error) {
      throw new RenderError(
        `Chromium was not found at ${executablePath}: install it, or leave the choice to the project (see docs/body-to-pdf.md)`,
        'configuration',
        { cause: error },
      );
    }
    const { chromium } = await import('playwright-core');
    let browser: Browser;
    try {
      browser = await chromium.launch({
        executablePath,
        args: [...CHROMIUM_ARGS, ...args],
        ...(env === undefined ? {} : { env: { ...process.env, ...env } }),
        timeout: limitMs,
      });
    } catch (error) {
      throw new RenderError(`Chromium did not start: ${describeError(error)}`, 'retryable', { cause: error });
    }
    try {
      const context = await browser.newContext({
        javaScriptEnabled: false,
        serviceWorkers: 'block',
        acceptDownloads: false,
      });
      // Remote images, fonts, styles, frames, pings: nothing leaves. `data:` URLs are not requests.
      await context.route('**/*', (route) => route.abort('blockedbyclient'));
      return { browser, context };
    } catch (error) {
      await browser.close().catch(() => undefined);
      throw new RenderError(`Chromium did not start: ${describeError(error)}`, 'retryable', { cause: error });
    }
  }
}
