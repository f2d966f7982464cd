import { UnpackBudget } from '../../functions/unpack/unpack-budget';
import { UnpackError } from '../../functions/unpack/unpack-error';
import { MAX_COMPRESSION_RATIO, MAX_UNPACKED_FILES } from '../../functions/unpack/unpack-limits';
import { unpackZip } from '../../functions/unpack/unpack-zip';
import { minimalPdf } from '../support/minimal-pdf';
import { buildZip } from '../support/sample-zip';

const MB = 1024 * 1024;

function unpack(zip: Buffer, budget = new UnpackBudget()) {
  return unpackZip(zip, budget);
}

describe('unpacking ZIP archives', () => {
  it('lists the files of nested folders with their paths, without folders and desktop junk', async () => {
    const zip = buildZip([
      { name: '2026/' },
      { name: '2026/03/' },
      { name: '2026/03/factuur-1.pdf', content: minimalPdf('one') },
      { name: '2026/03/factuur-2.pdf', content: minimalPdf('two'), method: 'store' },
      { name: '__MACOSX/2026/03/._factuur-1.pdf', content: Buffer.alloc(120, 1) },
      { name: '2026/.DS_Store', content: Buffer.alloc(60, 2) },
      { name: '2026/03/Thumbs.db', content: Buffer.alloc(60, 3) },
      { name: 'Fäktür é.pdf', content: minimalPdf('three') },
    ]);

    const files = await unpack(zip);

    expect(files.map((file) => [file.name, file.content.toString('latin1', 0, 5)])).toEqual([
      ['2026/03/factuur-1.pdf', '%PDF-'],
      ['2026/03/factuur-2.pdf', '%PDF-'],
      ['Fäktür é.pdf', '%PDF-'],
    ]);
    expect(files[0]?.content.equals(minimalPdf('one'))).toBe(true);
  });

  it('refuses a zip bomb from its declared sizes, before inflating anything', async () => {
    // 200 MB of zeros deflate to about 200 KB: a ratio near 1000.
    const bomb = buildZip([{ name: 'zeros.pdf', content: Buffer.alloc(200 * MB) }]);
    const before = process.memoryUsage().arrayBuffers;

    const error = await unpack(bomb).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(UnpackError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^"zeros.pdf" would expand \\d+ times, over the compression ratio limit of ${MAX_COMPRESSION_RATIO}`,
      ),
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(20 * MB);
  });

  it('stops inflating an entry that holds more than its header declares', async () => {
    const liar = buildZip([{ name: 'small.pdf', content: Buffer.alloc(30 * MB), declaredSize: 2 * MB }]);

    await expect(unpack(liar)).rejects.toThrow(
      new UnpackError(`"small.pdf" holds more than the ${2 * MB} bytes it declares (a zip bomb)`),
    );
  });

  it('refuses an archive with more files than the per-message limit', async () => {
    const entries = Array.from({ length: MAX_UNPACKED_FILES + 1 }, (_, index) => ({ name: `f${index}.txt` }));

    await expect(unpack(buildZip(entries))).rejects.toThrow(
      `it holds ${MAX_UNPACKED_FILES + 1} files, over the limit of ${MAX_UNPACKED_FILES} files unpacked per message`,
    );
  });

  it('refuses an archive that would exceed the bytes left in the message allowance', async () => {
    const budget = new UnpackBudget(100, 3 * MB);
    budget.claim(1, 2 * MB);
    const zip = buildZip([{ name: 'scan.pdf', content: Buffer.alloc(2 * MB, 7), method: 'store' }]);

    await expect(unpack(zip, budget)).rejects.toThrow(
      "it unpacks to 2 MB, over the limit of 3 MB unpacked per message (1 MB left after the message's other containers)",
    );
  });

  it('refuses a password-protected archive', async () => {
    const zip = buildZip([{ name: 'factuur.pdf', content: minimalPdf('locked'), encrypted: true }]);

    await expect(unpack(zip)).rejects.toThrow(
      'it is password-protected ("factuur.pdf"); needs manual handling',
    );
  });

  it('does not unpack an Office document, which is a ZIP of XML parts', async () => {
    const docx = buildZip([
      { name: '[Content_Types].xml', content: Buffer.from('<Types/>') },
      { name: 'word/document.xml', content: Buffer.from('<w:document/>') },
    ]);

    await expect(unpack(docx)).rejects.toThrow(/Office document/);
  });

  it('reports a truncated archive as corrupt', async () => {
    const zip = buildZip([{ name: 'a.pdf', content: minimalPdf('cut') }]);

    await expect(unpack(zip.subarray(0, zip.length - 30))).rejects.toThrow(/^it is corrupt or truncated/);
  });
});
