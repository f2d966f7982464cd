import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { bundleLikeTheStack } from '../../scripts/bench/stack-bundling';

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

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-bundle-'));
    const built = await bundleLikeTheStack({ file: 'functions/ingest/handler.ts' }, join(dir, 'index.js'));
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

  it('does not carry the config schema: the config was checked at synth', () => {
    expect(Object.keys(inputs).filter((path) => path.startsWith('functions/config/'))).not.toContain(
      'functions/config/config-schema.ts',
    );
    // A positive control: the reader of the synth's file is there.
    expect(Object.keys(inputs)).toContain('functions/config/function-config.ts');
  });
});
