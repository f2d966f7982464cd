import type { ClearfactsUploader } from '../../functions/clearfacts/uploader';
import { StandInClock } from '../../scripts/bench/stand-in-waits';

/** An uploader whose calls end when the test says; the clock reads the test's time. */
function setup(): {
  clock: StandInClock;
  timed: ClearfactsUploader;
  release: () => Promise<void>;
  at: (ms: number) => void;
} {
  let time = 0;
  const pending: (() => void)[] = [];
  const uploader = {
    uploadFile: () =>
      new Promise((resolve) => {
        pending.push(() => resolve({ uuid: 'u' }));
      }),
  } as unknown as ClearfactsUploader;
  const clock = new StandInClock(() => time);
  return {
    clock,
    timed: clock.uploader(uploader),
    release: async () => {
      pending.shift()?.();
      // Let the wrapper's `finally` run.
      await new Promise((resolve) => setImmediate(resolve));
    },
    at: (ms) => {
      time = ms;
    },
  };
}

describe('the stand-in clock', () => {
  it('counts overlapping uploads once: the time at least one was waiting', async () => {
    const { clock, timed, release, at } = setup();
    const uploads = [timed.uploadFile({} as never), timed.uploadFile({} as never)];
    at(100);
    await release();
    const third = timed.uploadFile({} as never);
    at(250);
    await release();
    at(300);
    await release();
    await Promise.all([...uploads, third]);
    // Summed per call it would be 100 + 250 + 200 = 550 ms of a 300 ms wall time.
    expect(clock.take().uploadMs).toBe(300);
    expect(clock.take().uploadMs).toBe(0);
  });

  it('adds up uploads that follow each other', async () => {
    const { clock, timed, release, at } = setup();
    const first = timed.uploadFile({} as never);
    at(40);
    await release();
    await first;
    at(1000);
    const second = timed.uploadFile({} as never);
    at(1060);
    await release();
    await second;
    expect(clock.take().uploadMs).toBe(100);
  });
});
