/**
 * The `module.exports` of a CommonJS package loaded with `await import(...)`, however the
 * importer wrapped it: Node's ESM loader (the bundled Lambda) puts it under `default`, SWC's
 * CommonJS output (Jest) and esbuild may add or drop one level for `__esModule` packages.
 * Libraries are imported inside functions, not at the top of a module, so a bundle that keeps
 * them external loads them only when a message needs them.
 */
export function commonJsExports<T>(namespace: unknown): T {
  let value: unknown = namespace;
  while (typeof value === 'object' && value !== null && 'default' in value && value.default !== undefined) {
    value = value.default;
  }
  return value as T;
}
