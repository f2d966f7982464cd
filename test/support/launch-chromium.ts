import type { LaunchOptions } from 'playwright-core';

/** How the tests launch Chromium: the npm-provided build, headless, with no network of its own. */
export async function launchOptions(): Promise<LaunchOptions> {
  return {
    executablePath: process.env.CHROMIUM_PATH ?? '/tmp/chromium',
    args: ['--no-sandbox', '--no-zygote', '--disable-background-networking', '--disable-component-update'],
  };
}
