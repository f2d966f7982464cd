import { fitFilename, splitExtension } from './safe-filename';

/**
 * Hands out filenames unique within one message, the way desktops do: `invoice.pdf`, then
 * `invoice (2).pdf`, `invoice (3).pdf`. Names compare case-insensitively, since the people
 * who download them may use a file system that does.
 */
export class UniqueFilenames {
  private readonly taken = new Set<string>();

  /** Returns `name`, or a numbered variant of it, and remembers it as taken. */
  claim(name: string): string {
    const { stem, extension } = splitExtension(name);
    let candidate = name;
    for (let copy = 2; this.taken.has(key(candidate)); copy += 1) {
      candidate = fitFilename(stem, extension, ` (${copy})`);
    }
    this.taken.add(key(candidate));
    return candidate;
  }
}

function key(name: string): string {
  return name.toLowerCase();
}
