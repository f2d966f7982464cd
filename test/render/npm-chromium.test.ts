import { constants, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { access, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromiumPdfRenderer } from '../../functions/render/chromium-renderer';
import { unpackNpmChromium } from '../../functions/render/npm-chromium';
import { pdfText } from '../support/pdf-inspect';

/** The fonts a PDF embeds, once each (Chromium writes subsets as `/BaseFont /ABCDEF+Name`). */
function embeddedFonts(pdf: Buffer): string[] {
  const names = [...pdf.toString('latin1').matchAll(/\/BaseFont\s*\/[A-Z]{6}\+([\w-]+)/g)].map(
    (match) => match[1],
  );
  return [...new Set(names)].filter((name): name is string => name !== undefined);
}

// The machine's shared cache folder, as the renderer tests use it: unpacked once, not per test.
describe('the Chromium inside @sparticuz/chromium, unpacked for this machine', () => {
  it('brings the browser, its NSS libraries, SwiftShader and fonts, and names them in its environment', async () => {
    const npm = await unpackNpmChromium();

    await access(npm.executablePath, constants.X_OK);
    expect(npm.executablePath).toBe(join(npm.folder, 'chromium'));
    expect(readdirSync(npm.folder)).toEqual(
      expect.arrayContaining(['libGLESv2.so', 'libEGL.so', 'lib', 'fonts']),
    );
    expect(readdirSync(join(npm.folder, 'lib'))).toEqual(
      expect.arrayContaining(['libnss3.so', 'libnspr4.so']),
    );
    expect(npm.env.LD_LIBRARY_PATH?.split(':')[0]).toBe(join(npm.folder, 'lib'));
    const fontConfig = readFileSync(npm.env.FONTCONFIG_FILE ?? '', 'utf8');
    expect(fontConfig).toContain('<include ignore_missing="yes">/etc/fonts/fonts.conf</include>');
    // The config names the folder where it was unpacked (the suite links it into its own temp folder).
    expect(fontConfig).toContain(`<dir>${join(realpathSync(npm.folder), 'fonts')}</dir>`);
  });

  it('prints readable text on a machine without a single font of its own', async () => {
    const npm = await unpackNpmChromium();
    // Only the package's fonts: what a bare container without /etc/fonts would offer.
    const bare = join(await mkdtemp(join(tmpdir(), 'fonts-')), 'fonts.conf');
    await writeFile(
      bare,
      `<?xml version="1.0"?><fontconfig><dir>${join(npm.folder, 'fonts')}</dir><cachedir>${bare}.cache</cachedir></fontconfig>`,
    );
    const renderer = new ChromiumPdfRenderer({
      chromium: async () => ({ ...npm, args: [], env: { ...npm.env, FONTCONFIG_FILE: bare } }),
    });
    try {
      const pdf = await renderer.render('<p>Totaal: € 12,40 — Ålesund</p>');

      expect(await pdfText(pdf)).toContain('Totaal: € 12,40 — Ålesund');
      expect(embeddedFonts(pdf)).toEqual(['OpenSans-Regular']);
    } finally {
      await renderer.close();
    }
  }, 60_000);
});
