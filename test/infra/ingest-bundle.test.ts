import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Metafile } from 'esbuild';
import { LAZY_PACKAGES, type LAZY_SUBPATHS, lazyPackageFile } from '../../infra/lazy-packages';
import { bundleContents } from '../../scripts/bench/bundle-contents';
import { type BuiltBundle, bundleLikeTheStack } from '../../scripts/bench/stack-bundling';

const run = promisify(execFile);

/** The bundle's inputs, as esbuild's metafile lists them for the output file. */
function bundledInputs(metafile: Metafile): Record<string, { bytesInOutput: number }> {
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith('.js'));
  if (output === undefined) throw new Error('No .js output in the metafile');
  return output[1].inputs;
}

function zodBytes(inputs: Record<string, { bytesInOutput: number }>, folder: string): number {
  return Object.entries(inputs)
    .filter(([path]) => path.includes(`node_modules/zod/${folder}`))
    .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
}

describe('the ingest function as the stack bundles it', () => {
  let dir: string;
  let inputs: Record<string, { bytesInOutput: number }>;
  let built: BuiltBundle;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-bundle-'));
    built = await bundleLikeTheStack({ file: 'functions/ingest/handler.ts' }, join(dir, 'index.js'));
    inputs = bundledInputs(built.metafile);
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("carries zod's mini build with English messages and neither its classic build nor other locales", () => {
    expect(zodBytes(inputs, 'v4/mini/')).toBeGreaterThan(0);
    expect(zodBytes(inputs, 'v4/locales/en.js')).toBeGreaterThan(0);
    expect(zodBytes(inputs, 'v4/classic/')).toBe(0);
    expect(zodBytes(inputs, 'v4/locales/de.js')).toBe(0);
    // All of zod that is left: the checks the function uses (about 33 KB, once 0.45 MB).
    expect(zodBytes(inputs, '')).toBeLessThan(60 * 1024);
  });

  it('keeps what loads on first use out of the main file, in packages built beside it, and is at most 2 MB', () => {
    const contents = bundleContents(built.metafile, built.file);
    const names = (list: readonly { name: string }[]): string[] => list.map((entry) => entry.name);
    const inBundle = [...names(contents.startByPackage), ...names(contents.onDemandByPackage)];
    for (const name of LAZY_PACKAGES) {
      expect(inBundle).not.toContain(name);
      expect(existsSync(lazyPackageFile(dir, name))).toBe(true);
    }
    // A positive control: what every message needs is in the main file, loaded at start.
    expect(names(contents.startByPackage)).toEqual(
      expect.arrayContaining(['mailparser', '@aws-sdk/client-s3']),
    );
    // Issue #19's limit on the main file (MiB, as the benchmark reports it).
    expect(statSync(built.file).size).toBeLessThanOrEqual(2 * 1024 * 1024);
  });

  it('is plain ASCII, so Node reads it as a one-byte string at every cold start', async () => {
    // One non-ASCII byte makes the whole 2 MB file a two-byte string: about 4 times slower to read
    // and slower to compile. esbuild escapes strings but leaves regular expressions and String.raw
    // as written, so the sources write such letters as \u escapes there.
    const nonAscii = (file: string): string[] =>
      [...readFileSync(file, 'utf8').matchAll(/.{0,30}[\u0080-\u{10ffff}]+.{0,10}/gu)].map(
        (match) => match[0],
      );
    expect(nonAscii(built.file)).toEqual([]);
    // A positive control: what the check would find if a source wrote a letter in a regular expression.
    const control = await bundleLikeTheStack(
      // The first written as the sources do (an escape), the second with the letter itself.
      { code: String.raw`export const escaped = /f\u00e9vr?/i; export const written = /août/i;` },
      join(dir, 'control', 'index.js'),
    );
    const found = nonAscii(control.file);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('ao\u00fbt');
  });

  it('loads each package built beside it the way the function requires it, in a plain Node process', async () => {
    // One export each that the function's code calls, so a build that lost the package's API fails.
    const uses: Record<(typeof LAZY_PACKAGES)[number] | (typeof LAZY_SUBPATHS)[number], string> = {
      nodemailer: 'createTransport',
      '@aws-sdk/client-sesv2': 'SendEmailCommand',
      '@aws-sdk/client-lambda': 'InvokeCommand',
      pkijs: 'SignedData',
      asn1js: 'fromBER',
      utif2: 'decode',
      '@kenjiuno/msgreader': 'default',
      pngjs: 'PNG',
      'jpeg-js': 'encode',
      yauzl: 'fromBuffer',
      // Required by path from the main file: mailparser's address parser, the replies' composer.
      'nodemailer/lib/addressparser': 'call',
      'nodemailer/lib/mail-composer': 'call',
    };
    const script = `const uses = ${JSON.stringify(uses)};
      for (const [name, use] of Object.entries(uses)) {
        const loaded = require(name);
        console.log(name + ' ' + typeof loaded[use] + ' ' + require.resolve(name));
      }`;
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: dir });
    expect(stdout.trim().split('\n')).toEqual(
      Object.keys(uses).map((name) => `${name} function ${lazyPackageFile(dir, name)}`),
    );
  });

  it('does not carry the config schema: the config was checked at synth', () => {
    expect(Object.keys(inputs).filter((path) => path.startsWith('functions/config/'))).not.toContain(
      'functions/config/config-schema.ts',
    );
    // A positive control: the reader of the synth's file is there.
    expect(Object.keys(inputs)).toContain('functions/config/function-config.ts');
  });
});
