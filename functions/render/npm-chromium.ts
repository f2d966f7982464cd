import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { extract } from 'tar-fs';
import type { NpmChromium } from './find-chromium';
import { unpackOnce } from './unpack-once';

/**
 * The glibc the Amazon Linux 2023 libraries in `al2023.tar.br` were built against (their newest
 * versioned symbol is GLIBC_2.34, read with `objdump -T`). On an older glibc they cannot load, and
 * the machine's own NSS is used instead.
 */
const AL2023_GLIBC = [2, 34] as const;

/** The project's fontconfig file in the unpacked folder (the package's own is `fonts.conf`). */
const FONT_CONFIG = 'fonts.local.conf';

/** The folder `@sparticuz/chromium` keeps its brotli-packed files in, and its version. */
export async function npmChromiumPackage(): Promise<{ bin: string; version: string }> {
  // The package exports only its entry point (build/index.js); bin/ and package.json sit beside build/.
  const root = join(dirname(require.resolve('@sparticuz/chromium')), '..');
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
  return { bin: join(root, 'bin'), version };
}

/** Decompresses a brotli file, or a brotli tarball into a folder. */
async function inflate(source: string, target: string, tarball: boolean): Promise<void> {
  const sink = tarball ? extract(target) : createWriteStream(target, { mode: 0o755 });
  await pipeline(createReadStream(source), createBrotliDecompress(), sink);
}

/**
 * A fontconfig file for the browser: the machine's own fonts when it has any, and always the Open
 * Sans the package ships, so a machine without a single font still prints readable text. The
 * package's own fonts.conf names Lambda's folders only (/var/task, /opt, /tmp).
 */
function fontsConf(folder: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
    '<fontconfig>',
    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    `  <dir>${join(folder, 'fonts')}</dir>`,
    `  <cachedir>${join(folder, 'fonts-cache')}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
}

/** Whether the running glibc is at least the given version (false on musl or another libc). */
export function glibcAtLeast([major, minor]: readonly [number, number]): boolean {
  // Node's diagnostic report is the one place it exposes the glibc it runs on.
  const { header } = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  const [have, haveMinor] = (header?.glibcVersionRuntime ?? '0.0').split('.').map(Number);
  return (have ?? 0) > major || ((have ?? 0) === major && (haveMinor ?? 0) >= minor);
}

/** Where the build is unpacked: one folder per package version and user, in the OS temp folder. */
export function npmChromiumFolder(version: string): string {
  const user = process.getuid?.() ?? 'user';
  return join(tmpdir(), `clearfacts-mail-chromium-${version}-${user}`);
}

/**
 * The headless Chromium inside `@sparticuz/chromium` (Linux x64 only), unpacked once per machine:
 * the browser, the SwiftShader libraries it loads from its own folder, the NSS libraries of Amazon
 * Linux 2023 (its only shared libraries beyond glibc, so a machine without `libnss3` runs it too)
 * and the Open Sans fonts. The package's own `executablePath()` unpacks into the bare OS temp folder
 * with no guard against two processes at once, hence this.
 */
export async function unpackNpmChromium(cacheFolder?: string): Promise<NpmChromium> {
  const { bin, version } = await npmChromiumPackage();
  const target = cacheFolder ?? npmChromiumFolder(version);
  const folder = await unpackOnce(target, async (scratch) => {
    await Promise.all([
      inflate(join(bin, 'chromium.br'), join(scratch, 'chromium'), false),
      inflate(join(bin, 'swiftshader.tar.br'), scratch, true),
      inflate(join(bin, 'al2023.tar.br'), scratch, true),
      inflate(join(bin, 'fonts.tar.br'), scratch, true),
    ]);
    await chmod(join(scratch, 'chromium'), 0o755);
    // Names the folder's final path, which is what the browser will read it from.
    await writeFile(join(scratch, FONT_CONFIG), fontsConf(target));
  });
  const fontConfig = join(folder, FONT_CONFIG);
  const libraries = glibcAtLeast(AL2023_GLIBC) ? [join(folder, 'lib')] : [];
  const inherited = process.env.LD_LIBRARY_PATH;
  const ldPath = [...libraries, ...(inherited ? [inherited] : [])].join(':');
  return {
    executablePath: join(folder, 'chromium'),
    version,
    folder,
    env: { FONTCONFIG_FILE: fontConfig, ...(ldPath === '' ? {} : { LD_LIBRARY_PATH: ldPath }) },
  };
}
