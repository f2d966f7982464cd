import { dirname, join } from 'node:path';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { INGEST_BUNDLING } from '../../infra/constructs/ingest-function';
import { buildLazyPackages, LAZY_PACKAGES } from '../../infra/lazy-packages';

/** The repository root: the bundles resolve packages from its node_modules, like synth does. */
export const PROJECT_ROOT = join(__dirname, '..', '..');

/**
 * esbuild's options for the stack's bundling settings, translated the way CDK's NodejsFunction
 * does (aws-lambda-nodejs/lib/bundling.ts): platform node, the settings' target, format, minify,
 * source map, main fields and externals (none when the AWS SDK is bundled).
 */
export function stackBuildOptions(bundling: BundlingOptions = INGEST_BUNDLING): BuildOptions {
  const sdkExternals = bundling.bundleAwsSDK === true ? [] : ['@aws-sdk/*'];
  return {
    bundle: true,
    platform: 'node',
    ...(bundling.target === undefined ? {} : { target: bundling.target }),
    ...(bundling.format === undefined ? {} : { format: bundling.format }),
    minify: bundling.minify === true,
    sourcemap: bundling.sourceMap === true,
    sourcesContent: bundling.sourcesContent ?? true,
    external: [...(bundling.externalModules ?? sdkExternals), ...(bundling.nodeModules ?? [])],
    ...(bundling.mainFields === undefined ? {} : { mainFields: bundling.mainFields }),
    ...(bundling.keepNames === undefined ? {} : { keepNames: bundling.keepNames }),
    ...(bundling.define === undefined ? {} : { define: bundling.define }),
    ...(bundling.loader === undefined ? {} : { loader: bundling.loader as BuildOptions['loader'] }),
    tsconfig: join(PROJECT_ROOT, 'tsconfig.json'),
    logLevel: 'error',
  };
}

/** A bundle written to disk, with esbuild's account of what is in it. */
export interface BuiltBundle {
  readonly file: string;
  readonly metafile: Metafile;
}

/** Where a bundle starts: a file of the repository, or a few lines of code resolved from its root. */
export type BundleEntry = { readonly file: string } | { readonly code: string };

/**
 * Bundles `entry` with the stack's settings (the ingest function's, unless `bundling` says) into
 * `outfile`, and builds beside it the lazy packages those settings keep out (infra/lazy-packages.ts).
 */
export async function bundleLikeTheStack(
  entry: BundleEntry,
  outfile: string,
  bundling: BundlingOptions = INGEST_BUNDLING,
): Promise<BuiltBundle> {
  const result = await build({
    ...stackBuildOptions(bundling),
    ...('file' in entry
      ? { entryPoints: [join(PROJECT_ROOT, entry.file)] }
      : { stdin: { contents: entry.code, resolveDir: PROJECT_ROOT, loader: 'ts' as const } }),
    outfile,
    absWorkingDir: PROJECT_ROOT,
    metafile: true,
  });
  const external = new Set(bundling.externalModules ?? []);
  if (LAZY_PACKAGES.some((name) => external.has(name)))
    await buildLazyPackages(PROJECT_ROOT, dirname(outfile));
  return { file: outfile, metafile: result.metafile };
}
