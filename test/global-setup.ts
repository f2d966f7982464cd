import { findChromium } from '../functions/render/find-chromium';

/**
 * Finds the browser once before any test file runs, so a fresh machine unpacks
 * @sparticuz/chromium's build here (tens of seconds on a busy machine) and not inside a test's
 * time limit, and Jest's workers do not each unpack their own copy at the same moment. A machine
 * where none can be found still runs the suite: the rendering tests then fail with the install advice.
 */
export default async function globalSetup(): Promise<void> {
  await findChromium().catch(() => undefined);
}
