import { rmSync } from 'node:fs';
import { TEST_TEMP_VARIABLE } from './global-setup';

/** Removes the run's temp folder (`global-setup.ts`); the link to the unpacked browser goes, not the browser. */
export default function globalTeardown(): void {
  const runFolder = process.env[TEST_TEMP_VARIABLE];
  if (runFolder === undefined || !/clearfacts-mail-tests-[^/]+$/.test(runFolder)) return;
  // rm does not follow the symbolic link to the browser's folder: only the link itself is removed.
  rmSync(runFolder, { recursive: true, force: true, maxRetries: 3 });
}
