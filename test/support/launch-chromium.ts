import type { LaunchOptions } from 'playwright-core';
import { findChromium } from '../../functions/render/find-chromium';

/**
 * How browser tests launch Chromium: the one the project finds on its own (on a fresh Linux
 * machine, the npm-provided build), headless and quiet. Host names are not blocked here, unlike
 * the renderer's flags: the pages under test are on 127.0.0.1 and must load their own scripts.
 */
export async function launchOptions(): Promise<LaunchOptions> {
  const browser = await findChromium();
  return {
    executablePath: browser.executablePath,
    args: [
      ...browser.args,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
    ],
    ...(browser.env === undefined ? {} : { env: { ...process.env, ...browser.env } }),
  };
}
