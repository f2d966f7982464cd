/**
 * Runs a full garbage collection where the runtime exposes `gc`, and says whether it did. AWS
 * Lambda's Node.js runtime starts node with `--expose-gc` (the `bootstrap` script of its public base
 * images, /var/runtime/bootstrap: `node --expose-gc --max-http-header-size 81920 …`); `npm start`,
 * the tests and the CLI do not, and there this does nothing. Only for large transient copies that
 * V8 would otherwise keep until tens of MB more piled up (functions/documents/pdf-reader.ts).
 */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: unknown }).gc;
  if (typeof gc !== 'function') return false;
  gc();
  return true;
}
