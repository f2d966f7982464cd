/** Colour helpers; identity functions when the output is not a terminal (pipes, files, `--json`). */
export interface Colours {
  readonly ok: (text: string) => string;
  readonly warn: (text: string) => string;
  readonly fail: (text: string) => string;
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
}

const plain = (text: string): string => text;

/** Colours only on a TTY, and never when `NO_COLOR` is set (https://no-color.org). */
export function coloursFor(
  stream: { readonly isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): Colours {
  if (stream.isTTY !== true || (env.NO_COLOR ?? '') !== '') {
    return { ok: plain, warn: plain, fail: plain, bold: plain, dim: plain };
  }
  const sgr =
    (open: number, close: number) =>
    (text: string): string =>
      `\u001b[${open}m${text}\u001b[${close}m`;
  return { ok: sgr(32, 39), warn: sgr(33, 39), fail: sgr(31, 39), bold: sgr(1, 22), dim: sgr(2, 22) };
}

/** ANSI colour sequences, which take no room on screen (built from a string: ESC is a control character). */
const ANSI_SEQUENCE = new RegExp(`${'\u001b'}\\[[0-9;]*m`, 'g');

/** The width a string takes in a terminal, colours excluded. */
export function visibleLength(text: string): number {
  return Array.from(text.replace(ANSI_SEQUENCE, '')).length;
}
