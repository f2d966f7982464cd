import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Packages the ingest function loads only on first use (replies, the render invoke, signed mail,
 * converters, unpackers). CDK bundles a function as one CommonJS file, and esbuild splits code
 * only for ES modules, so code behind an `import()` still sits in `index.js`, which Node parses on
 * every cold start. Kept out of the main bundle and built beside it as
 * `node_modules/<name>/index.js`, each is read only when a message needs it (issue #19: the main
 * bundle ≤ 2 MB, its import ≤ 1.5× mailparser's). One list: the stack's bundling, the benchmark and
 * the tests all build the same files.
 */
export const LAZY_PACKAGES = [
  'nodemailer',
  '@aws-sdk/client-sesv2',
  '@aws-sdk/client-lambda',
  'pkijs',
  'asn1js',
  'utif2',
  '@kenjiuno/msgreader',
  'pngjs',
  'jpeg-js',
  'yauzl',
] as const;

/**
 * Files of the lazy packages that code in the main bundle requires by path: mailparser (at start)
 * and the reply composer use these two of nodemailer's, which `external` keeps out with the package.
 */
export const LAZY_SUBPATHS = ['nodemailer/lib/addressparser', 'nodemailer/lib/mail-composer'] as const;

/** The package a module path belongs to: `nodemailer/lib/x` → `nodemailer`, `@aws-sdk/a/b` → `@aws-sdk/a`. */
function packageOf(path: string): string {
  const parts = path.split('/');
  return (parts[0]?.startsWith('@') === true ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** Where a lazy package's (or one of its files') bundle goes inside the function's directory. */
export function lazyPackageFile(outputDir: string, name: string): string {
  return join(outputDir, 'node_modules', ...name.split('/'), 'index.js');
}

/**
 * Builds every lazy package (and file) into `outputDir/node_modules/<name>/index.js`: one minified CommonJS
 * file each, with the function's target and main fields. The others stay external in each, so
 * packages that meet (PKI.js hands asn1js objects to the function's own asn1js) share one copy.
 */
export async function buildLazyPackages(projectRoot: string, outputDir: string): Promise<string[]> {
  const files: string[] = [];
  for (const name of [...LAZY_PACKAGES, ...LAZY_SUBPATHS]) {
    const outfile = lazyPackageFile(outputDir, name);
    mkdirSync(join(outfile, '..'), { recursive: true });
    // No "type": the file is CommonJS whatever the original package declares.
    writeFileSync(join(outfile, '..', 'package.json'), `${JSON.stringify({ name, main: 'index.js' })}\n`);
    await build({
      stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: projectRoot },
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      mainFields: ['module', 'main'],
      minify: true,
      external: LAZY_PACKAGES.filter((other) => other !== packageOf(name)),
      outfile,
      absWorkingDir: projectRoot,
      logLevel: 'error',
    });
    files.push(outfile);
  }
  return files;
}

/** The shell command the stack's bundling runs after esbuild: this module's build, through tsx. */
export function buildLazyPackagesCommand(projectRoot: string, outputDir: string): string {
  const script = join(projectRoot, 'infra', 'build-lazy-packages.ts');
  return `node --import tsx "${script}" "${projectRoot}" "${outputDir}"`;
}
