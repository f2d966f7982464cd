import { ChromiumPdfRenderer } from '../../functions/render/chromium-renderer';
import { RenderError } from '../../functions/render/pdf-renderer';
import { allPagesA4, pdfText } from '../support/pdf-inspect';
import { type RequestCounter, startRequestCounter } from '../support/request-counter';

// One Chromium for the file (the first findChromium finds): starting it is the slow part.
const renderer = new ChromiumPdfRenderer();
let remote: RequestCounter;

beforeAll(async () => {
  remote = await startRequestCounter();
});

afterAll(async () => {
  await renderer.close();
  await remote.close();
});

describe('rendering a page with Chromium', () => {
  it('prints an A4 PDF whose text reads back', async () => {
    const pdf = await renderer.render('<h1>Bakkerij Peeters</h1><p>Totaal: € 12,40</p>');

    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await allPagesA4(pdf)).toBe(true);
    const text = await pdfText(pdf);
    expect(text).toContain('Bakkerij Peeters');
    expect(text).toContain('€ 12,40');
  });

  it('runs no script: neither a script element nor an inline handler changes the text', async () => {
    const pdf = await renderer.render(
      [
        '<p id="shop">Original shop name</p>',
        "<script>document.getElementById('shop').textContent = 'SCRIPT RAN';</script>",
        '<img src="nowhere.png" onerror="document.body.textContent = \'HANDLER RAN\'">',
      ].join(''),
    );

    const text = await pdfText(pdf);
    expect(text).toContain('Original shop name');
    expect(text).not.toContain('SCRIPT RAN');
    expect(text).not.toContain('HANDLER RAN');
  });

  it('loads nothing from the network, and still renders the page', async () => {
    const url = `http://${remote.host}`;
    const pdf = await renderer.render(
      [
        `<link rel="stylesheet" href="${url}/style.css">`,
        `<style>@import url(${url}/import.css); @font-face { font-family: X; src: url(${url}/font.woff2); }`,
        `body { background: url(${url}/background.png); font-family: X, sans-serif; }</style>`,
        `<img src="${url}/logo.png" alt="logo"><iframe src="${url}/frame.html"></iframe>`,
        `<video poster="${url}/poster.jpg"></video><object data="${url}/object.pdf"></object>`,
        '<p>Rendered without the network</p>',
      ].join(''),
    );

    expect(remote.requests).toEqual([]);

    // Positive control: the counter does see a request that is made.

    await remote.control();
    expect(await pdfText(pdf)).toContain('Rendered without the network');
  });

  it('gives up on a page that exceeds its time limit, as a retryable failure', async () => {
    const impatient = new ChromiumPdfRenderer({ timeLimitMs: 1 });
    try {
      const failure = await impatient.render('<p>too slow</p>').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(RenderError);
      expect(failure).toMatchObject({
        kind: 'retryable',
        message: 'Rendering the page took longer than 0.001 s',
      });
    } finally {
      await impatient.close();
    }
  });

  it('reports a missing Chromium as something an admin must fix', async () => {
    const missing = new ChromiumPdfRenderer({ chromium: '/nonexistent/chromium' });
    await expect(missing.render('<p>x</p>')).rejects.toMatchObject({
      name: 'RenderError',
      kind: 'configuration',
      message: expect.stringContaining('Chromium was not found at /nonexistent/chromium'),
    });
  });

  it('starts a new browser when the previous one is gone', async () => {
    await renderer.render('<p>first</p>');
    await renderer.close();
    expect(await pdfText(await renderer.render('<p>second</p>'))).toContain('second');
  });
});
