import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Whether a folder exists (anything else at that path counts as absent). */
async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Makes `target` a complete folder, filled by `fill` at most once per machine. The folder is filled
 * under a private temporary name beside it and renamed into place, so no reader ever sees it half
 * written: when two processes (Jest's workers) unpack at the same time, the first rename wins and
 * the other discards its own copy. Written by hand because it is a dozen lines around `rename`,
 * which POSIX and Windows both make atomic within one file system.
 */
export async function unpackOnce(target: string, fill: (folder: string) => Promise<void>): Promise<string> {
  if (await isDirectory(target)) return target;
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const scratch = join(parent, `.${basename(target)}-${process.pid}-${randomUUID()}`);
  try {
    await mkdir(scratch);
    await fill(scratch);
    try {
      await rename(scratch, target);
    } catch (error) {
      // Another process finished first: its folder is as complete as ours would have been.
      if (!(await isDirectory(target))) throw error;
    }
    return target;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
