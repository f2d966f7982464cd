/**
 * Runs a full garbage collection where Node exposes `gc`, and says whether it did. The ingest
 * function sets `--expose-gc` in its NODE_OPTIONS (`INGEST_NODE_OPTIONS`,
 * infra/constructs/ingest-function.ts); `npm start`, the tests and the CLI do not, and there this
 * does nothing. Only for large transient copies that V8 would otherwise keep until tens of MB more
 * piled up (functions/documents/pdf-reader.ts).
 */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: unknown }).gc;
  if (typeof gc !== 'function') return false;
  gc();
  return true;
}
