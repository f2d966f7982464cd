import { posix, win32 } from 'node:path';

/** A browser that may be installed on the machine, and where. */
export interface BrowserLocation {
  readonly name: string;
  readonly executablePath: string;
}

/** How the resolver tells an installed browser from one found through Playwright's channels. */
export interface BrowserLocations {
  /** Installed by the system's package manager or the vendor's installer. */
  readonly installed: readonly BrowserLocation[];
  /** The fixed places Playwright looks for its `chrome` and `msedge` channels. */
  readonly channels: readonly BrowserLocation[];
}

const LINUX_INSTALLED: readonly BrowserLocation[] = [
  { name: "Debian's chromium", executablePath: '/usr/bin/chromium' },
  { name: "Ubuntu's chromium-browser", executablePath: '/usr/bin/chromium-browser' },
  { name: 'Chromium (snap)', executablePath: '/snap/bin/chromium' },
  { name: 'Google Chrome', executablePath: '/usr/bin/google-chrome-stable' },
  { name: 'Google Chrome', executablePath: '/usr/bin/google-chrome' },
];

// Playwright's own table of channel locations (packages/playwright-core/src/server/registry/index.ts,
// `chrome` and `msedge` executables): the vendors' fixed install folders.
const LINUX_CHANNELS: readonly BrowserLocation[] = [
  { name: 'Google Chrome (Playwright channel chrome)', executablePath: '/opt/google/chrome/chrome' },
  { name: 'Microsoft Edge (Playwright channel msedge)', executablePath: '/opt/microsoft/msedge/msedge' },
];

/** The three places a macOS app lives: the system's, the user's, and nothing else. */
function macApps(homedir: string): BrowserLocation[] {
  const apps = [
    { name: 'Google Chrome', app: 'Google Chrome.app/Contents/MacOS/Google Chrome' },
    { name: 'Chromium', app: 'Chromium.app/Contents/MacOS/Chromium' },
    { name: 'Microsoft Edge', app: 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge' },
  ];
  return ['/Applications', posix.join(homedir, 'Applications')].flatMap((folder) =>
    apps.map(({ name, app }) => ({ name, executablePath: posix.join(folder, app) })),
  );
}

/** Chrome and Edge under each folder Windows installs programs into (per machine or per user). */
function windowsApps(env: NodeJS.ProcessEnv): BrowserLocation[] {
  const folders = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(
    (folder): folder is string => folder !== undefined && folder !== '',
  );
  const apps = [
    { name: 'Google Chrome', app: 'Google\\Chrome\\Application\\chrome.exe' },
    { name: 'Microsoft Edge', app: 'Microsoft\\Edge\\Application\\msedge.exe' },
  ];
  return apps.flatMap(({ name, app }) =>
    folders.map((folder) => ({ name, executablePath: win32.join(folder, app) })),
  );
}

/**
 * Where Chromium, Chrome and Edge are installed on each platform. On macOS and Windows the vendors'
 * folders are the same ones Playwright's channels use, so they count as installed browsers.
 */
export function browserLocations(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  homedir: string,
): BrowserLocations {
  switch (platform) {
    case 'linux':
      return { installed: LINUX_INSTALLED, channels: LINUX_CHANNELS };
    case 'darwin':
      return { installed: macApps(homedir), channels: [] };
    case 'win32':
      return { installed: windowsApps(env), channels: [] };
    default:
      return { installed: [], channels: [] };
  }
}
