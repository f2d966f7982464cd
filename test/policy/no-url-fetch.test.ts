import { processMessage } from '../../functions/ingest/process-message';
import { ChromiumPdfRenderer } from '../../functions/render/chromium-renderer';
import { composeMail } from '../support/compose-mail';
import { MemoryPipeline } from '../support/memory-pipeline';
import { minimalPdf } from '../support/minimal-pdf';
import { type RequestCounter, startRequestCounter } from '../support/request-counter';

let remote: RequestCounter;

beforeAll(async () => {
  remote = await startRequestCounter();
});

afterAll(async () => {
  await remote.close();
});

/** An HTML body that references the server every way a page can. */
function bodyReferencing(url: string): string {
  return [
    `<html><head><meta http-equiv="refresh" content="0; url=${url}/refresh">`,
    `<link rel="stylesheet" href="${url}/style.css"><script src="${url}/script.js"></script>`,
    `<style>@import url(${url}/import.css); body { background: url(${url}/background.png); }</style></head>`,
    `<body><img src="${url}/pixel.gif" width="1" height="1"><iframe src="${url}/frame.html"></iframe>`,
    `<p>Factuur 2026-401, totaal € 120,00 — <a href="${url}/pay">betalen</a></p></body></html>`,
  ].join('');
}

async function hostileMessage(url: string, withDocuments: boolean): Promise<Buffer> {
  const attachments = withDocuments
    ? [
        { filename: 'invoice.pdf', content: minimalPdf('Invoice next to remote references') },
        {
          filename: 'invoice.xml',
          contentType: 'application/xml',
          content: `<?xml version="1.0"?><!DOCTYPE Invoice SYSTEM "${url}/invoice.dtd"><Invoice/>`,
        },
        {
          filename: 'logo.svg',
          contentType: 'image/svg+xml',
          content: `<svg><image href="${url}/svg.png"/></svg>`,
        },
        { filename: 'shortcut.url', content: `[InternetShortcut]\r\nURL=${url}/shortcut\r\n` },
        { filename: 'page.html', contentType: 'text/html', content: bodyReferencing(url) },
        {
          contentType: `message/external-body; access-type=URL; URL="${url}/external-body"`,
          content: 'Content-Type: application/pdf\r\n\r\n',
        },
      ]
    : [];
  return composeMail({
    subject: 'Factuur 2026-401',
    text: `Factuur 2026-401: zie ${url}/invoice.pdf`,
    html: bodyReferencing(url),
    attachments,
  });
}

/**
 * Every way a message can point at a URL, aimed at a local server: parsing, the policy, sniffing,
 * conversion, unpacking, the XML check and the body renderer must leave it without a request.
 */
describe('nothing in a message makes the pipeline fetch a URL', () => {
  it('reads a message full of remote references without a single request', async () => {
    const pipeline = new MemoryPipeline();
    const report = await pipeline.process(await hostileMessage(`http://${remote.host}`, true));

    expect(report.outcome).toBe('delivered');
    expect(pipeline.uploads.map((upload) => upload.filename)).toEqual(['invoice.pdf']);
    expect(remote.requests).toEqual([]);
    // Positive control: the counter does see a request that is made.
    await remote.control();
  });

  it('renders a body to PDF without a single request either', async () => {
    const renderer = new ChromiumPdfRenderer();
    try {
      const pipeline = new MemoryPipeline({ defaults: { bodyToPdf: 'always' } });
      const raw = await hostileMessage(`http://${remote.host}`, false);

      const report = await processMessage(pipeline.incoming(raw), { ...pipeline.deps, renderer });

      expect(report.outcome).toBe('delivered');
      expect(pipeline.uploads).toHaveLength(1);
      expect(remote.requests).toEqual([]);
      // Positive control: the counter does see a request that is made.
      await remote.control();
    } finally {
      await renderer.close();
    }
  }, 60_000);
});
