import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { bundleContents } from '../../scripts/bench/bundle-contents';
import { type BuiltBundle, bundleLikeTheStack } from '../../scripts/bench/stack-bundling';

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

  it('loads replies (SES v2, nodemailer), the render invoke, converters and unpackers on first use', () => {
    const contents = bundleContents(built.metafile, built.file);
    const names = (list: readonly { name: string }[]): string[] => list.map((entry) => entry.name);
    const lazy = ['nodemailer', '@aws-sdk/client-sesv2', '@aws-sdk/client-lambda', 'pkijs', 'yauzl', 'utif2'];
    expect(names(contents.onDemandByPackage)).toEqual(expect.arrayContaining(lazy));
    for (const name of lazy) expect(names(contents.startByPackage)).not.toContain(name);
    // A positive control: what every message needs loads at start.
    expect(names(contents.startByPackage)).toEqual(
      expect.arrayContaining(['mailparser', '@aws-sdk/client-s3']),
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
