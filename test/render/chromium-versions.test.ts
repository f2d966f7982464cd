import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { npmChromiumPackage } from '../../functions/render/npm-chromium';

/** The Chromium version the installed playwright-core release was made for. */
function playwrightChromium(): string {
  const root = dirname(require.resolve('playwright-core/package.json'));
  const { browsers } = JSON.parse(readFileSync(join(root, 'browsers.json'), 'utf8')) as {
    browsers: { name: string; browserVersion?: string }[];
  };
  const chromium = browsers.find((browser) => browser.name === 'chromium')?.browserVersion;
  if (chromium === undefined) throw new Error('playwright-core names no Chromium');
  return chromium;
}

describe('the Chromium build and the Playwright release that drives it', () => {
  it('are the pair Playwright documents: the same Chromium major version', async () => {
    const { version } = await npmChromiumPackage();

    // @sparticuz/chromium is numbered after its Chromium (153.0.0 carries Chromium 153).
    expect(playwrightChromium().split('.')[0]).toBe(version.split('.')[0]);
  });

  it('are pinned to exact versions, so neither moves without the other', () => {
    const { dependencies } = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'),
    ) as {
      dependencies: Record<string, string>;
    };

    expect(dependencies['playwright-core']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(dependencies['@sparticuz/chromium']).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
