import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { findChromium } from '../functions/render/find-chromium';

/** The temp folder the suite's files go to, set by the setup and removed by the teardown. */
export const TEST_TEMP_VARIABLE = 'CLEARFACTS_MAIL_TEST_TEMP';

/**
 * Finds the browser once before any test file runs, so a fresh machine unpacks
 * @sparticuz/chromium's build here (tens of seconds on a busy machine) and not inside a test's
 * time limit, and Jest's workers do not each unpack their own copy at the same moment. A machine
 * where none can be found still runs the suite: the rendering tests then fail with the install advice.
 *
 * Then points TMPDIR (which `os.tmpdir()` reads) at a folder of this run's own, which the workers
 * inherit: the synthesized templates, stand-in stores and browser profiles the tests leave behind
 * go with it in `global-teardown.ts`, not into the user's temp folder run after run. The unpacked
 * browser stays in the real temp folder (unpacked once per machine) and is linked into the run's.
 */
export default async function globalSetup(): Promise<void> {
  const browser = await findChromium().catch(() => undefined);
  const runFolder = mkdtempSync(join(tmpdir(), 'clearfacts-mail-tests-'));
  if (browser?.source === 'npm') {
    const unpacked = dirname(browser.executablePath);
    symlinkSync(unpacked, join(runFolder, basename(unpacked)), 'dir');
  }
  process.env[TEST_TEMP_VARIABLE] = runFolder;
  process.env.TMPDIR = runFolder;
}
