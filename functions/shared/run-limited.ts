/** An optional second bound: the summed weight (bytes, for uploads) of the work in flight. */
export interface WeightLimit<T> {
  readonly weigh: (item: T) => number;
  /** Work starts only while the weight in flight stays within this; an item heavier still runs alone. */
  readonly maxWeight: number;
}

/**
 * Runs `work` for every item, at most `limit` at a time, starting them in the items' order, and,
 * given `weights`, no more at once than their weight allows (an item over the limit runs alone).
 * Once one fails nothing new starts; the work already started is waited for (so nothing runs on
 * after the caller moves on), then the first failure is thrown. Hand-written: p-limit does the
 * count but ships ESM only, which the Jest set-up would have to transform, and weighs nothing.
 */
export async function runLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
  weights?: WeightLimit<T>,
): Promise<void> {
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  let inFlight = 0;
  let waiting: (() => void)[] = [];
  const finished = (): void => {
    const wake = waiting;
    waiting = [];
    for (const resume of wake) resume();
  };
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      const item = items[index] as T;
      const weight = weights?.weigh(item) ?? 0;
      while (weights !== undefined && inFlight > 0 && inFlight + weight > weights.maxWeight) {
        await new Promise<void>((resume) => waiting.push(resume));
      }
      inFlight += weight;
      try {
        if (failure === undefined) await work(item, index);
      } catch (error) {
        failure ??= { error };
      } finally {
        inFlight -= weight;
        finished();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== undefined) throw failure.error;
}
