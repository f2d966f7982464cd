import {
  ChromiumNotFoundError,
  type ChromiumProbe,
  findChromium,
  type NpmChromium,
} from '../../functions/render/find-chromium';

const PLAYWRIGHT_DOWNLOAD = '/home/dev/.cache/ms-playwright/chromium-1200/chrome-linux64/chrome';
const NPM_BUILD: NpmChromium = {
  executablePath: '/tmp/clearfacts-mail-chromium-153.0.0-1000/chromium',
  version: '153.0.0',
  folder: '/tmp/clearfacts-mail-chromium-153.0.0-1000',
  env: { LD_LIBRARY_PATH: '/tmp/clearfacts-mail-chromium-153.0.0-1000/lib' },
};

/** A machine with exactly these executables, counting how often the npm build is unpacked. */
function machine(
  executables: readonly string[],
  overrides: Partial<Pick<ChromiumProbe, 'platform' | 'arch' | 'env'>> & { npmFails?: boolean } = {},
): ChromiumProbe & { unpacked: number; probed: string[] } {
  const files = new Set(executables);
  const probe = {
    platform: overrides.platform ?? 'linux',
    arch: overrides.arch ?? 'x64',
    env: overrides.env ?? {},
    homedir: '/home/dev',
    unpacked: 0,
    probed: [] as string[],
    isExecutable: async (path: string) => {
      probe.probed.push(path);
      return files.has(path);
    },
    playwrightChromium: async () => PLAYWRIGHT_DOWNLOAD,
    npmChromium: async () => {
      probe.unpacked += 1;
      if (overrides.npmFails) throw new Error('ENOSPC: no space left on device');
      return NPM_BUILD;
    },
  };
  return probe;
}

describe('finding a browser', () => {
  it('takes CHROMIUM_PATH first, even with every other browser present', async () => {
    const probe = machine(['/opt/chrome-dev/chrome', '/usr/bin/chromium', PLAYWRIGHT_DOWNLOAD], {
      env: { CHROMIUM_PATH: ' /opt/chrome-dev/chrome ' },
    });

    expect(await findChromium(probe)).toMatchObject({
      executablePath: '/opt/chrome-dev/chrome',
      source: 'CHROMIUM_PATH',
      description: 'CHROMIUM_PATH (/opt/chrome-dev/chrome)',
    });
    expect(probe.unpacked).toBe(0);
  });

  it('refuses a CHROMIUM_PATH that is not there instead of quietly using another browser', async () => {
    const probe = machine(['/usr/bin/chromium'], { env: { CHROMIUM_PATH: '/opt/missing/chrome' } });

    const failure = await findChromium(probe).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChromiumNotFoundError);
    expect(failure).toMatchObject({
      kind: 'configuration',
      message: expect.stringContaining(
        'CHROMIUM_PATH is set to /opt/missing/chrome, which is not an executable file',
      ),
    });
  });

  it("uses Debian's chromium before Chrome, Playwright's download and the npm build", async () => {
    const probe = machine([
      '/usr/bin/chromium',
      '/usr/bin/google-chrome',
      '/opt/google/chrome/chrome',
      PLAYWRIGHT_DOWNLOAD,
    ]);

    expect(await findChromium(probe)).toMatchObject({
      executablePath: '/usr/bin/chromium',
      source: 'installed',
    });
    expect(probe.unpacked).toBe(0);
  });

  it("finds Google Chrome's package when no Chromium is installed", async () => {
    const probe = machine(['/usr/bin/google-chrome', PLAYWRIGHT_DOWNLOAD]);

    expect(await findChromium(probe)).toMatchObject({
      executablePath: '/usr/bin/google-chrome',
      source: 'installed',
      description: 'Google Chrome (/usr/bin/google-chrome)',
    });
  });

  it("finds Chrome in Playwright's channel folder", async () => {
    const probe = machine(['/opt/google/chrome/chrome', PLAYWRIGHT_DOWNLOAD]);

    expect(await findChromium(probe)).toMatchObject({
      executablePath: '/opt/google/chrome/chrome',
      source: 'playwright',
    });
  });

  it('finds the Chromium `npx playwright-core install chromium` downloaded', async () => {
    const probe = machine([PLAYWRIGHT_DOWNLOAD]);

    expect(await findChromium(probe)).toMatchObject({
      executablePath: PLAYWRIGHT_DOWNLOAD,
      source: 'playwright',
      description: `Playwright's Chromium (${PLAYWRIGHT_DOWNLOAD})`,
    });
    expect(probe.unpacked).toBe(0);
  });

  it('unpacks the npm build on a Linux x64 machine without any browser, with its libraries and fonts', async () => {
    const probe = machine([]);

    expect(await findChromium(probe)).toEqual({
      executablePath: NPM_BUILD.executablePath,
      args: [],
      env: NPM_BUILD.env,
      source: 'npm',
      description: 'Chromium 153.0.0 from @sparticuz/chromium (/tmp/clearfacts-mail-chromium-153.0.0-1000)',
    });
    expect(probe.unpacked).toBe(1);
    expect(probe.probed).toEqual(
      expect.arrayContaining(['/usr/bin/chromium', '/snap/bin/chromium', PLAYWRIGHT_DOWNLOAD]),
    );
  });

  it('says what to install when the npm build cannot be unpacked', async () => {
    const failure = await findChromium(machine([], { npmFails: true })).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ChromiumNotFoundError);
    expect((failure as Error).message).toContain(
      'could not be unpacked (Error: ENOSPC: no space left on device)',
    );
    expect((failure as Error).message).toContain('sudo apt-get install chromium');
    expect((failure as Error).cause).toEqual(new Error('ENOSPC: no space left on device'));
  });

  it('never unpacks the x64 build on Linux arm64, and says what to install there', async () => {
    const probe = machine([], { arch: 'arm64' });

    const failure = await findChromium(probe).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      name: 'ChromiumNotFoundError',
      kind: 'configuration',
      message: expect.stringContaining('No Chromium or Chrome was found on this linux arm64 machine'),
    });
    expect((failure as Error).message).toContain('`npx playwright-core install chromium`');
    expect(probe.unpacked).toBe(0);
  });

  it('finds Chrome in macOS /Applications, then in the user’s own Applications folder', async () => {
    const system = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    const own = '/home/dev/Applications/Chromium.app/Contents/MacOS/Chromium';

    expect(await findChromium(machine([system, own], { platform: 'darwin', arch: 'arm64' }))).toMatchObject({
      executablePath: system,
      source: 'installed',
    });
    expect(await findChromium(machine([own], { platform: 'darwin', arch: 'arm64' }))).toMatchObject({
      executablePath: own,
      source: 'installed',
    });
  });

  it('tells a Mac without a browser to install Chrome, and does not try the Linux build', async () => {
    const probe = machine([], { platform: 'darwin', arch: 'arm64' });

    await expect(findChromium(probe)).rejects.toThrow(
      /install Google Chrome .* or Chromium \(`brew install --cask chromium`\)/,
    );
    expect(probe.unpacked).toBe(0);
  });

  it('finds Chrome, then Edge, in the Windows program folders', async () => {
    const env = {
      PROGRAMFILES: 'C:\\Program Files',
      'PROGRAMFILES(X86)': 'C:\\Program Files (x86)',
      LOCALAPPDATA: 'C:\\Users\\dev\\AppData\\Local',
    };
    const chrome = 'C:\\Users\\dev\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';

    expect(await findChromium(machine([edge, chrome], { platform: 'win32', env }))).toMatchObject({
      executablePath: chrome,
      description: `Google Chrome (${chrome})`,
    });
    expect(await findChromium(machine([edge], { platform: 'win32', env }))).toMatchObject({
      executablePath: edge,
    });
    await expect(findChromium(machine([], { platform: 'win32', env }))).rejects.toThrow(
      /install Google Chrome \(https:\/\/www\.google\.com\/chrome\/\) or Microsoft Edge/,
    );
  });
});
