import { join } from 'node:path';
import type { ChromiumBinary } from './chromium-renderer';

/**
 * The folder beside the render function's code that holds @sparticuz/chromium's brotli-packed
 * browser, fonts and libraries (its `bin/`, copied there by `infra/constructs/body-renderer.ts`).
 */
export const CHROMIUM_PACK_DIR = 'chromium-pack';

/**
 * Flags of @sparticuz/chromium's list this renderer leaves out: it loads nothing remote, so it
 * needs no relaxed web security, and Playwright sets the headless mode itself.
 */
const UNWANTED_FLAGS = ['--disable-web-security', '--allow-running-insecure-content', '--headless'];

/**
 * The Chromium build for Lambda that @sparticuz/chromium ships inside its npm package (x86_64
 * only), unpacked into /tmp on the first call of an execution environment and reused after. Its
 * code is bundled; it is told where its packed files are, which it would otherwise look for
 * beside its own (bundled away) module.
 */
export async function lambdaChromium(): Promise<ChromiumBinary> {
  const { default: chromium } = await import('@sparticuz/chromium');
  // No WebGL: a printed mail needs none, and the browser starts with less.
  chromium.setGraphicsMode = false;
  const args = chromium.args.filter((arg) => !UNWANTED_FLAGS.some((flag) => arg.startsWith(flag)));
  const pack = join(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), CHROMIUM_PACK_DIR);
  return { executablePath: await chromium.executablePath(pack), args };
}
