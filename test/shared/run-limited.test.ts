import { runLimited } from '../../functions/shared/run-limited';

/** Runs `runLimited` over items of these weights, each taking a few turns of the event loop. */
async function observe(weights: number[], limit: number, maxWeight?: number) {
  let count = 0;
  let weight = 0;
  const peaks = { count: 0, weight: 0 };
  const alone: number[] = [];
  const order: number[] = [];
  await runLimited(
    weights,
    limit,
    async (itemWeight, index) => {
      count++;
      weight += itemWeight;
      peaks.count = Math.max(peaks.count, count);
      peaks.weight = Math.max(peaks.weight, weight);
      if (count === 1) alone.push(index);
      order.push(index);
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
      count--;
      weight -= itemWeight;
    },
    maxWeight === undefined ? undefined : { weigh: (item) => item, maxWeight },
  );
  return { peaks, alone, order };
}

describe('running work a few at a time', () => {
  it('runs at most `limit` at once, starting in order (positive control: with no weights, all five together)', async () => {
    const { peaks, order } = await observe([1, 1, 1, 1, 1, 1, 1], 5);
    expect(peaks.count).toBe(5);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('keeps the weight in flight within the limit: three 10 MB scans go one by one, small files together', async () => {
    const MB = 1024 * 1024;
    const scans = await observe([10 * MB, 10 * MB, 10 * MB], 5, 8 * MB);
    expect(scans.peaks.count).toBe(1);
    expect(scans.alone).toEqual([0, 1, 2]);

    const small = await observe([MB, MB, MB, MB, MB], 5, 8 * MB);
    expect(small.peaks.count).toBe(5);

    const mixed = await observe([3 * MB, 3 * MB, 3 * MB, MB, MB], 5, 8 * MB);
    expect(mixed.peaks.weight).toBeLessThanOrEqual(8 * MB);
    expect(mixed.order.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('starts nothing new after a failure, waits for what runs, then throws the first failure', async () => {
    const started: number[] = [];
    const outcome = runLimited([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      await new Promise((resolve) => setImmediate(resolve));
      if (item === 1) throw new Error('refused');
    });
    await expect(outcome).rejects.toThrow('refused');
    expect(started).toEqual([0, 1, 2]);
  });
});
