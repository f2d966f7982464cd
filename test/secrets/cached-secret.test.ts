import { CachedSecret } from '../../functions/secrets/cached-secret';
import type { SecretVersion } from '../../functions/secrets/token-secret-store';

/** A store that counts reads and answers each from `answers` in turn (an Error is thrown). */
function countingStore(answers: (string | Error)[]) {
  const store = {
    reads: 0,
    async read(): Promise<SecretVersion> {
      const answer = answers[Math.min(store.reads, answers.length - 1)];
      store.reads++;
      await new Promise((resolve) => setImmediate(resolve));
      if (answer instanceof Error) throw answer;
      return { versionId: `v${store.reads}`, value: answer as string };
    },
  };
  return store;
}

describe('the cached secret', () => {
  it('reads nothing until asked, then once for everyone asking at the same time', async () => {
    const store = countingStore(['{"token":"a"}']);
    const secret = new CachedSecret(store, 60_000);
    expect(store.reads).toBe(0);

    const values = await Promise.all([secret.value(), secret.value(), secret.value()]);

    expect(values).toEqual(['{"token":"a"}', '{"token":"a"}', '{"token":"a"}']);
    expect(store.reads).toBe(1);
  });

  it('keeps the value for its time to live, then reads the rotated one', async () => {
    let now = 0;
    const store = countingStore(['old', 'rotated']);
    const secret = new CachedSecret(store, 1000, () => now);
    expect(await secret.value()).toBe('old');
    now = 999;
    expect(await secret.value()).toBe('old');
    expect(store.reads).toBe(1);
    now = 1000;
    expect(await secret.value()).toBe('rotated');
    expect(store.reads).toBe(2);
  });

  it('keeps no failure: the next upload reads again', async () => {
    const store = countingStore([new Error('AccessDeniedException'), 'after the key policy was fixed']);
    const secret = new CachedSecret(store, 60_000);
    await expect(secret.value()).rejects.toThrow('AccessDeniedException');
    expect(await secret.value()).toBe('after the key policy was fixed');
    expect(store.reads).toBe(2);
  });
});
