import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { describeError } from '../shared/errors';
import { browserLocations } from './browser-locations';
import type { ChromiumBinary } from './chromium-renderer';
import { RenderError } from './pdf-renderer';

/** Where the browser came from, in the order the resolver tries them. */
export type ChromiumSource = 'CHROMIUM_PATH' | 'installed' | 'playwright' | 'npm';

/** A browser the resolver found, with a line that says which one for banners and errors. */
export interface FoundChromium extends ChromiumBinary {
  readonly source: ChromiumSource;
  readonly description: string;
}

/** The npm build, once unpacked (see `unpackNpmChromium`). */
export interface NpmChromium {
  readonly executablePath: string;
  readonly version: string;
  readonly folder: string;
  /** Variables the browser is started with, on top of the process's own. */
  readonly env: Readonly<Record<string, string>>;
}

/** What the resolver asks of the machine; tests pass a fake file system and platform. */
export interface ChromiumProbe {
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  readonly env: NodeJS.ProcessEnv;
  readonly homedir: string;
  /** Whether a file exists and may be executed. */
  isExecutable(path: string): Promise<boolean>;
  /** Where `npx playwright-core install chromium` puts the browser this playwright-core drives. */
  playwrightChromium(): Promise<string>;
  /** Unpacks the Linux x64 build inside `@sparticuz/chromium` (once) and says where it is. */
  npmChromium(): Promise<NpmChromium>;
}

/** No browser could be found or prepared: an admin must install one. */
export class ChromiumNotFoundError extends RenderError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'configuration', options);
    this.name = 'ChromiumNotFoundError';
  }
}

let npmUnpack: Promise<NpmChromium> | undefined;

/** The real machine. */
export function systemProbe(): ChromiumProbe {
  return {
    platform: process.platform,
    arch: process.arch,
    env: process.env,
    homedir: homedir(),
    isExecutable: async (path) => {
      try {
        await access(path, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
    playwrightChromium: async () => (await import('playwright-core')).chromium.executablePath(),
    npmChromium: () => {
      // One unpack per process, however many renderers ask at once; a failure may be retried.
      npmUnpack ??= import('./npm-chromium').then(({ unpackNpmChromium }) => unpackNpmChromium());
      const unpacking = npmUnpack;
      unpacking.catch(() => {
        if (npmUnpack === unpacking) npmUnpack = undefined;
      });
      return unpacking;
    },
  };
}

/** What to install, in the words of each platform, when nothing was found. */
export function installAdvice(platform: NodeJS.Platform, arch: string): string {
  const playwright = 'or run `npx playwright-core install chromium`';
  const override = 'or set CHROMIUM_PATH to a Chromium or Chrome';
  switch (platform) {
    case 'darwin':
      return `install Google Chrome (https://www.google.com/chrome/) or Chromium (\`brew install --cask chromium\`), ${playwright}, ${override}`;
    case 'win32':
      return `install Google Chrome (https://www.google.com/chrome/) or Microsoft Edge, ${playwright}, ${override}`;
    case 'linux':
      return arch === 'x64'
        ? `reinstall the project's packages (\`npm ci\`, which brings @sparticuz/chromium's build), install Chromium (Debian: \`sudo apt-get install chromium\`, Ubuntu: \`sudo snap install chromium\`), ${override}`
        : `install Chromium (Debian: \`sudo apt-get install chromium\`, Ubuntu: \`sudo snap install chromium\`, Fedora: \`sudo dnf install chromium\`), ${playwright}, ${override}`;
    default:
      return `install Chromium or Google Chrome, ${override}`;
  }
}

/**
 * The browser to render with, first found wins: `CHROMIUM_PATH`; a Chromium, Chrome or Edge
 * installed on the machine (the system's packages, then Playwright's channel folders and its own
 * download); on Linux x64, the build inside `@sparticuz/chromium`, unpacked once. So `npm ci` is
 * all a fresh Linux machine needs, and a machine with its own browser keeps using it.
 */
export async function findChromium(probe: ChromiumProbe = systemProbe()): Promise<FoundChromium> {
  const configured = probe.env.CHROMIUM_PATH?.trim();
  if (configured !== undefined && configured !== '') {
    // A path the admin chose is never silently replaced by another browser.
    if (!(await probe.isExecutable(configured))) {
      throw new ChromiumNotFoundError(
        `CHROMIUM_PATH is set to ${configured}, which is not an executable file: correct it, or unset it to let the project find a browser`,
      );
    }
    return found(configured, 'CHROMIUM_PATH', `CHROMIUM_PATH (${configured})`);
  }

  const { installed, channels } = browserLocations(probe.platform, probe.env, probe.homedir);
  for (const location of installed) {
    if (await probe.isExecutable(location.executablePath)) {
      return found(location.executablePath, 'installed', `${location.name} (${location.executablePath})`);
    }
  }
  for (const location of channels) {
    if (await probe.isExecutable(location.executablePath)) {
      return found(location.executablePath, 'playwright', `${location.name} (${location.executablePath})`);
    }
  }
  const downloaded = await probe.playwrightChromium().catch(() => undefined);
  if (downloaded !== undefined && (await probe.isExecutable(downloaded))) {
    return found(downloaded, 'playwright', `Playwright's Chromium (${downloaded})`);
  }

  if (probe.platform === 'linux' && probe.arch === 'x64') {
    let npm: NpmChromium;
    try {
      npm = await probe.npmChromium();
    } catch (error) {
      throw new ChromiumNotFoundError(
        `No Chromium is installed and the one in @sparticuz/chromium could not be unpacked (${describeError(error)}): ${installAdvice(probe.platform, probe.arch)}`,
        { cause: error },
      );
    }
    return {
      executablePath: npm.executablePath,
      args: [],
      env: npm.env,
      source: 'npm',
      description: `Chromium ${npm.version} from @sparticuz/chromium (${npm.folder})`,
    };
  }

  throw new ChromiumNotFoundError(
    `No Chromium or Chrome was found on this ${probe.platform} ${probe.arch} machine: ${installAdvice(probe.platform, probe.arch)}`,
  );
}

function found(executablePath: string, source: ChromiumSource, description: string): FoundChromium {
  return { executablePath, args: [], source, description };
}
