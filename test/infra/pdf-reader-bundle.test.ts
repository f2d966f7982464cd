import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { runtimeFiles } from '../../infra/constructs/ingest-function';
import { bundleLikeTheStack, PROJECT_ROOT } from '../../scripts/bench/stack-bundling';

const run = promisify(execFile);
const FIXTURES = join(__dirname, '..', 'fixtures', 'attachments');

/** A fresh Node process that loads the bundle and reads `fixture` with it, as the Lambda would. */
async function readInBundle(bundle: string, fixture: string): Promise<string> {
  const script = `require(${JSON.stringify(bundle)}).readPdf(require('node:fs').readFileSync(${JSON.stringify(fixture)}))
    .then((reading) => console.log(JSON.stringify(reading)), (error) => console.log('failed: ' + error.message));`;
  const { stdout } = await run(process.execPath, ['-e', script], { cwd: tmpdir() });
  return stdout.trim().split('\n').at(-1) ?? '';
}

describe('the PDF reader as the stack bundles it', () => {
  let dir: string;
  let bundle: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pdf-reader-bundle-'));
    bundle = join(dir, 'index.js');
    await bundleLikeTheStack({ code: "export { readPdf } from './functions/documents/pdf-reader';" }, bundle);
    for (const file of runtimeFiles(PROJECT_ROOT)) copyFileSync(file, join(dir, basename(file)));
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps pdf.js out of the bundle', () => {
    expect(statSync(bundle).size).toBeLessThan(20 * 1024);
    expect(statSync(join(dir, 'pdf.min.mjs')).size).toBeGreaterThan(400 * 1024);
  });

  it('opens an owner-password PDF with the pdf.js files beside the bundle, away from node_modules', async () => {
    await expect(readInBundle(bundle, join(FIXTURES, 'owner-only-aes-256.pdf'))).resolves.toBe(
      '{"outcome":"opens","pages":3}',
    );
    await expect(readInBundle(bundle, join(FIXTURES, 'user-password-rc4-128.pdf'))).resolves.toBe(
      '{"outcome":"needs-password"}',
    );
  }, 60_000);

  it('finds no reader without those files, so they are what the bundle uses', async () => {
    rmSync(join(dir, 'pdf.worker.min.mjs'));

    await expect(readInBundle(bundle, join(FIXTURES, 'owner-only-aes-256.pdf'))).resolves.toMatch(
      /^failed: Cannot find (package|module) 'pdfjs-dist/,
    );
  }, 60_000);
});
