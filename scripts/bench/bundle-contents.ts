import type { Metafile } from 'esbuild';

/** What a bundle holds: what loads with the function and what only a dynamic `import()` reaches. */
export interface BundleContents {
  /** Bytes of the output file. */
  readonly totalBytes: number;
  /** Bytes of code the function evaluates at start (reachable through static imports and requires). */
  readonly startBytes: number;
  /** Bytes of code reached only through `import()`: converters and other on-demand parts. */
  readonly onDemandBytes: number;
  /** The largest contributors, by package (or project folder), loaded at start. */
  readonly startByPackage: readonly PackageBytes[];
  /** The on-demand code, by package. */
  readonly onDemandByPackage: readonly PackageBytes[];
}

/** Bytes one package contributes to the bundle. */
export interface PackageBytes {
  readonly name: string;
  readonly bytes: number;
}

/**
 * Splits a bundle's inputs into what its entry reaches through static imports and what only
 * dynamic `import()` calls reach, using esbuild's metafile.
 */
export function bundleContents(metafile: Metafile, outputFile: string): BundleContents {
  const [outputPath, output] =
    Object.entries(metafile.outputs).find(([path]) => outputFile.endsWith(path) || path.endsWith('.js')) ??
    [];
  if (outputPath === undefined || output?.entryPoint === undefined)
    throw new Error('The metafile has no entry output');
  const reached = new Set<string>();
  const pending = [output.entryPoint];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (reached.has(path)) continue;
    reached.add(path);
    for (const imported of metafile.inputs[path]?.imports ?? []) {
      if (imported.kind !== 'dynamic-import' && imported.external !== true) pending.push(imported.path);
    }
  }
  const start = new Map<string, number>();
  const onDemand = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const into = reached.has(path) ? start : onDemand;
    into.set(packageOf(path), (into.get(packageOf(path)) ?? 0) + bytesInOutput);
  }
  const sum = (map: Map<string, number>): number => [...map.values()].reduce((a, b) => a + b, 0);
  const startBytes = sum(start);
  const onDemandBytes = sum(onDemand);
  return {
    totalBytes: output.bytes,
    // The runtime helpers and the wrappers esbuild adds belong to the start.
    startBytes: startBytes + (output.bytes - startBytes - onDemandBytes),
    onDemandBytes,
    startByPackage: ranked(start),
    onDemandByPackage: ranked(onDemand),
  };
}

/**
 * `node_modules/@aws-sdk/client-s3/dist-es/x.js` → `@aws-sdk/client-s3`, a copy nested in another
 * package → `iconv-lite (in @kenjiuno/msgreader)`, `functions/mail/x.ts` → `functions/mail`.
 */
function packageOf(path: string): string {
  const [project = path, ...packages] = path.split('node_modules/');
  if (packages.length === 0) return project.split('/').slice(0, 2).join('/');
  const names = packages.map((inner) => {
    const parts = inner.split('/');
    return parts[0]?.startsWith('@') === true ? `${parts[0]}/${parts[1]}` : (parts[0] ?? inner);
  });
  const name = names[names.length - 1] ?? path;
  return names.length > 1 ? `${name} (in ${names[0]})` : name;
}

function ranked(map: Map<string, number>): PackageBytes[] {
  return [...map].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}
