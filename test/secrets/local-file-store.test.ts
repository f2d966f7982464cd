import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileTokenStore, localSecretPath } from '../../functions/secrets/local-file-store';
import { SecretError } from '../../functions/shared/errors';

function freshStore(): { store: LocalFileTokenStore; path: string } {
  const path = localSecretPath(mkdtempSync(join(tmpdir(), 'secret-')));
  return { store: new LocalFileTokenStore(path), path };
}

describe('the local file token store', () => {
  it('says how to store a token when there is none', async () => {
    const { store } = freshStore();
    await expect(store.read()).rejects.toThrow(SecretError);
    await expect(store.read()).rejects.toThrow('token set --local');
  });

  it('keeps the value readable by its owner only', async () => {
    const { store, path } = freshStore();
    const stored = await store.put('{"token":"abc"}');
    expect(await store.read()).toEqual(stored);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('writes only over the version that was read', async () => {
    const { store } = freshStore();
    const first = await store.put('first');
    const second = await store.compareAndSwap(first.versionId, 'second');
    expect(second.written).toBe(true);
    expect(await store.compareAndSwap(first.versionId, 'stale')).toEqual({ written: false });
    expect((await store.read()).value).toBe('second');
  });

  it('lets one of many concurrent writers of the same version win', async () => {
    const { store, path } = freshStore();
    const first = await store.put('first');
    const writers = Array.from({ length: 8 }, (_, index) =>
      new LocalFileTokenStore(path).compareAndSwap(first.versionId, `writer ${index}`),
    );
    const results = await Promise.all(writers);
    expect(results.filter((result) => result.written)).toHaveLength(1);
    const winner = results.findIndex((result) => result.written);
    expect((await store.read()).value).toBe(`writer ${winner}`);
  });

  it('never quotes a damaged file, which may hold a token', async () => {
    const { store, path } = freshStore();
    writeFileSync(path, 'secret-token-value-not-json');
    const error = (await store.read().catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain('unreadable');
    expect(error.message).not.toContain('secret-token-value');
  });
});
