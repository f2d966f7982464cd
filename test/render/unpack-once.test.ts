import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unpackOnce } from '../../functions/render/unpack-once';

describe('unpacking into a cache folder once', () => {
  it('fills the folder on the first call and reuses it on the next', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'unpack-once-'));
    const target = join(parent, 'browser');
    let fills = 0;
    const fill = async (folder: string): Promise<void> => {
      fills += 1;
      await writeFile(join(folder, 'chromium'), `build ${fills}`);
    };

    expect(await unpackOnce(target, fill)).toBe(target);
    expect(await unpackOnce(target, fill)).toBe(target);

    expect(fills).toBe(1);
    expect(readFileSync(join(target, 'chromium'), 'utf8')).toBe('build 1');
    expect(readdirSync(parent)).toEqual(['browser']);
  });

  it('lets two unpackers race: both get one complete folder, and no scratch copy is left', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'unpack-once-'));
    const target = join(parent, 'browser');
    let started = 0;
    let release: () => void = () => undefined;
    const bothStarted = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Each writes its own copy and waits for the other, so both reach the rename.
    const fill = async (folder: string): Promise<void> => {
      started += 1;
      const name = `copy ${started}`;
      if (started === 2) release();
      await bothStarted;
      await writeFile(join(folder, 'chromium'), name);
      await writeFile(join(folder, 'fonts.conf'), name);
    };

    const results = await Promise.all([unpackOnce(target, fill), unpackOnce(target, fill)]);

    expect(started).toBe(2);
    expect(results).toEqual([target, target]);
    expect(readdirSync(parent)).toEqual(['browser']);
    // One writer's folder, whole: both files from the same copy.
    const browser = readFileSync(join(target, 'chromium'), 'utf8');
    expect(['copy 1', 'copy 2']).toContain(browser);
    expect(readFileSync(join(target, 'fonts.conf'), 'utf8')).toBe(browser);
  });

  it('leaves nothing behind when unpacking fails, so the next call tries again', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'unpack-once-'));
    const target = join(parent, 'browser');

    await expect(
      unpackOnce(target, async () => {
        throw new Error('truncated archive');
      }),
    ).rejects.toThrow('truncated archive');
    expect(readdirSync(parent)).toEqual([]);

    await unpackOnce(target, async (folder) => writeFile(join(folder, 'chromium'), 'second try'));
    expect(readFileSync(join(target, 'chromium'), 'utf8')).toBe('second try');
  });
});
