import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { installLazySourceMaps } from '../../functions/shared/lazy-source-maps';
import { PROJECT_BUNDLING } from '../../infra/constructs/project-function';
import { PROJECT_ROOT, stackBuildOptions } from '../../scripts/bench/stack-bundling';

const run = promisify(execFile);
const FIXTURES = join(__dirname, '..', 'fixtures', 'stack-traces');
const DELIVER = join(FIXTURES, 'deliver.ts');
const ENTRY = join(FIXTURES, 'entry.ts');
/** A file the bundle loads from beside it at run time, like pdf.js beside the ingest function. */
const BESIDE = join(FIXTURES, 'beside.cjs');
/** Preloaded into the child: counts reads of `.map` files into globalThis.mapReads. */
const COUNT_MAP_READS = join(FIXTURES, 'count-map-reads.cjs');

/** `text` as a regular expression that matches it literally. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The 1-based line of `marker` in `file`. */
function lineOf(file: string, marker: string): number {
  return (
    readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((line) => line.includes(marker)) + 1
  );
}

/** What entry.ts prints. */
interface Printed {
  readonly besideLoaded: number;
  readonly before: number;
  readonly after: number;
  readonly afterSecond: number;
  readonly stack: string;
  readonly inspected: string;
  readonly besideStack: string;
  readonly besideStackLater: string;
}

/** Runs a bundle in a plain `node`, as Lambda runs the functions now: no `--enable-source-maps`. */
async function runBundle(bundle: string): Promise<Printed> {
  const { stdout } = await run(process.execPath, ['--require', COUNT_MAP_READS, bundle], {
    env: { ...process.env, NODE_OPTIONS: undefined },
  });
  return JSON.parse(stdout) as Printed;
}

describe('stack traces of a bundled function, mapped lazily', () => {
  let dir: string;
  const bundle = (kind: string): string => join(dir, kind, 'index.js');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lazy-source-maps-'));
    // Minified, with a source map beside it and no sources in it: the functions' own settings.
    await build({
      ...stackBuildOptions(PROJECT_BUNDLING),
      entryPoints: [ENTRY],
      outfile: bundle('mapped'),
      absWorkingDir: PROJECT_ROOT,
    });
    // The same bundle without its map, and with a map that is not JSON.
    for (const kind of ['unmapped', 'broken']) {
      mkdirSync(join(dir, kind));
      copyFileSync(bundle('mapped'), bundle(kind));
    }
    writeFileSync(`${bundle('broken')}.map`, '{"version": 3, "mappings": ');
    for (const kind of ['mapped', 'unmapped', 'broken']) copyFileSync(BESIDE, join(dir, kind, 'beside.cjs'));
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the original file, line and function of each frame in the bundle, and leaves the others', async () => {
    const { stack } = await runBundle(bundle('mapped'));
    const frames = stack.split('\n');
    expect(frames[0]).toBe('Error: could not deliver invoice.pdf');
    expect(frames[1]).toMatch(
      new RegExp(
        `^ {4}at deliverDocument \\(${literal(DELIVER)}:${lineOf(DELIVER, 'DELIVER_THROW_LINE')}:\\d+\\)$`,
      ),
    );
    expect(frames[2]).toMatch(
      new RegExp(`^ {4}at handleMessage \\(${literal(ENTRY)}:${lineOf(ENTRY, 'HANDLE_CALL_LINE')}:\\d+\\)$`),
    );
    // Node's own frames, as Node prints them; nothing points into the bundle any more.
    expect(stack).toMatch(/\n {4}at Module\._compile \(node:internal\/modules\/cjs\/loader:\d+:\d+\)\n/);
    expect(stack).not.toContain('index.js');
  });

  it('maps a cause the same way, as util.inspect (and so the logs) prints it', async () => {
    const { inspected } = await runBundle(bundle('mapped'));
    expect(inspected).toContain(
      `[cause]: Error: could not deliver invoice.pdf\n      at deliverDocument (${DELIVER}:${lineOf(DELIVER, 'DELIVER_THROW_LINE')}:`,
    );
    expect(inspected).not.toContain('index.js');
  });

  it("reads the map only when a stack of the bundle's code is first formatted, and once", async () => {
    const printed = await runBundle(bundle('mapped'));
    // Neither the stack formatted as `beside` loaded nor its own error's read it.
    expect(printed.besideLoaded).toBe(0);
    expect(printed.before).toBe(0);
    // The positive control: the counter sees the read once `.stack` is asked for.
    expect(printed.after).toBe(1);
    expect(printed.afterSecond).toBe(1);
  });

  it('leaves the stack of an error from a file beside the bundle as Node prints it, until the map is in memory', async () => {
    const printed = await runBundle(bundle('mapped'));
    const besideFrame = new RegExp(
      `^ {4}at exports\\.fail \\(${literal(join(dir, 'mapped', 'beside.cjs'))}:\\d+:\\d+\\)$`,
    );
    const [header, first, caller] = printed.besideStack.split('\n');
    expect(header).toBe('Error: failed beside the bundle');
    expect(first).toMatch(besideFrame);
    expect(caller).toMatch(new RegExp(`^ {4}at \\S+ \\(${literal(bundle('mapped'))}:\\d+:\\d+\\)$`));
    // The positive control: once the map is read, the bundle's frames under it are mapped too.
    const later = printed.besideStackLater.split('\n');
    expect(later[1]).toMatch(besideFrame);
    expect(later[2]).toMatch(new RegExp(`^ {4}at \\S+ \\(${literal(ENTRY)}:\\d+:\\d+\\)$`));
  });

  it('without a map beside the bundle, prints the bundle positions: the mapping above is its doing', async () => {
    const printed = await runBundle(bundle('unmapped'));
    expect(printed.stack.split('\n')[1]).toMatch(
      new RegExp(`^ {4}at \\S+ \\(${literal(bundle('unmapped'))}:\\d+:\\d+\\)$`),
    );
    expect(printed.stack).not.toContain('deliver.ts');
    expect(printed.after).toBe(0);
  });

  it("falls back to Node's formatting when the map cannot be parsed, and throws nothing", async () => {
    const printed = await runBundle(bundle('broken'));
    const frames = printed.stack.split('\n');
    expect(frames[0]).toBe('Error: could not deliver invoice.pdf');
    expect(frames[1]).toMatch(new RegExp(`^ {4}at \\S+ \\(${literal(bundle('broken'))}:\\d+:\\d+\\)$`));
    // It was tried once, and not again for the next stack.
    expect(printed.after).toBe(1);
    expect(printed.afterSecond).toBe(1);
  });

  it('installs nothing where no map lies beside the code (tsx, Jest), and installs beside a map', () => {
    const original = Error.prepareStackTrace;
    try {
      expect(installLazySourceMaps(join(dir, 'unmapped', 'index.js'))).toBeUndefined();
      expect(Error.prepareStackTrace).toBe(original);
      // The positive control: with the map beside it, the hook is set, and has read nothing yet.
      const installed = installLazySourceMaps(bundle('mapped'));
      expect(Error.prepareStackTrace).not.toBe(original);
      expect(installed?.mapRead()).toBe(false);
    } finally {
      Error.prepareStackTrace = original;
    }
  });
});
