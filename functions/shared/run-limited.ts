/**
 * Runs `work` for every item, at most `limit` at a time, starting them in the items' order.
 * Once one fails nothing new starts; the work already started is waited for (so nothing runs on
 * after the caller moves on), then the first failure is thrown. Hand-written: p-limit does the
 * same but ships ESM only, which the Jest set-up would have to transform; this is the whole of it.
 */
export async function runLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        await work(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== undefined) throw failure.error;
}
