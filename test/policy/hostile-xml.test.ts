import { composeMail } from '../support/compose-mail';
import { MemoryPipeline } from '../support/memory-pipeline';
import { minimalPdf } from '../support/minimal-pdf';
import { type RequestCounter, startRequestCounter } from '../support/request-counter';

const UBL = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
let remote: RequestCounter;

beforeAll(async () => {
  remote = await startRequestCounter();
});

afterAll(async () => {
  await remote.close();
});

const laughs = [
  '<!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
].join('');

/** Hostile invoices: each declares a DOCTYPE that a careless parser would follow or expand. */
const PAYLOADS: ReadonlyArray<readonly [string, () => string | Buffer]> = [
  [
    'XXE reading a local file',
    () =>
      `<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` +
      `<Invoice xmlns="${UBL}"><ID>&xxe;</ID></Invoice>`,
  ],
  [
    'XXE fetching a URL',
    () =>
      `<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "http://${remote.host}/xxe">]>` +
      `<Invoice xmlns="${UBL}"><ID>&xxe;</ID></Invoice>`,
  ],
  [
    'a remote DTD through a parameter entity',
    () =>
      `<?xml version="1.0"?><!-- looks harmless --><!DOCTYPE Invoice [<!ENTITY % dtd SYSTEM "http://${remote.host}/evil.dtd"> %dtd;]>` +
      `<Invoice xmlns="${UBL}"/>`,
  ],
  [
    'an external DTD',
    () =>
      `<?xml version="1.0"?><!DOCTYPE Invoice SYSTEM "http://${remote.host}/invoice.dtd"><Invoice xmlns="${UBL}"/>`,
  ],
  [
    'billion laughs',
    () =>
      `<?xml version="1.0"?><!DOCTYPE Invoice [${laughs}]><Invoice xmlns="${UBL}"><ID>&lol9;</ID></Invoice>`,
  ],
  [
    'quadratic blowup',
    () =>
      `<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY a "${'a'.repeat(50_000)}">]>` +
      `<Invoice xmlns="${UBL}"><ID>${'&a;'.repeat(50_000)}</ID></Invoice>`,
  ],
  [
    'XXE in UTF-16 behind a byte order mark',
    () =>
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(
          `<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>` +
            `<Invoice xmlns="${UBL}"><ID>&xxe;</ID></Invoice>`,
          'utf16le',
        ),
      ]),
  ],
];

describe('hostile XML invoices', () => {
  it.each(PAYLOADS)('%s: no entity expanded, no file read, nothing fetched', async (_what, build) => {
    const pipeline = new MemoryPipeline();
    const raw = await composeMail({
      subject: 'Invoice',
      attachments: [{ filename: 'invoice.xml', contentType: 'application/xml', content: build() }],
    });
    const report = await pipeline.process(raw);

    // Bounded work is measured where it is done: readXmlRoot's scannedBytes (invoice-xml.test.ts).
    expect(pipeline.uploads).toEqual([]);
    expect(report.documents).toEqual([
      expect.objectContaining({
        filename: 'invoice.xml',
        decision: 'skip',
        reason: expect.stringContaining('declares a DOCTYPE'),
      }),
    ]);
    const text = JSON.stringify(report) + pipeline.logLines.join('\n');
    expect(text).not.toMatch(/root:|lollollol/);
    expect(remote.requests).toEqual([]);
    // Positive control: the counter does see a request that is made.
    await remote.control();
  });

  it('reads a crafted invoice beside a PDF in linear time (no quadratic scan for embedded PDFs)', async () => {
    const pipeline = new MemoryPipeline();
    const crafted = `<Invoice xmlns="${UBL}">${'EmbeddedDocumentBinaryObject>'.repeat(70_000)}`;
    const raw = await composeMail({
      subject: 'Invoice',
      attachments: [
        { filename: 'invoice.xml', contentType: 'application/xml', content: crafted },
        { filename: 'invoice.pdf', content: minimalPdf('Beside a crafted XML') },
      ],
    });
    const started = Date.now();

    const report = await pipeline.process(raw);

    // Quadratic, this took minutes; linear, well under a second.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(report.outcome).toBe('delivered');
  });
});
