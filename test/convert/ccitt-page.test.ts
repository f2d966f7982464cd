import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as UTIF from 'utif2';
import { convertImage } from '../../functions/convert/convert-image';
import { decodedPageImages, inkRows } from '../support/pdf-page-images';
import { sampleTiff } from '../support/sample-images';

const G4_SCAN = readFileSync(join(__dirname, '..', 'fixtures', 'attachments', 'scan-g4-3-pages.tif'));

/** The scan with one tag's value (a SHORT in every page directory) replaced, as another scanner would write it. */
function withTag(tag: number, value: number): Buffer {
  const tiff = Buffer.from(G4_SCAN);
  for (let offset = tiff.readUInt32LE(4); offset !== 0; ) {
    const count = tiff.readUInt16LE(offset);
    for (let entry = offset + 2; entry < offset + 2 + count * 12; entry += 12) {
      if (tiff.readUInt16LE(entry) === tag) tiff.writeUInt16LE(value, entry + 8);
    }
    offset = tiff.readUInt32LE(offset + 2 + count * 12);
  }
  return tiff;
}

describe('a Group 4 TIFF in a PDF', () => {
  it('keeps each page in its Group 4 coding, byte for byte, one page per TIFF page', async () => {
    const { type, content } = await convertImage('tiff', G4_SCAN);
    const text = content.toString('latin1');

    expect(type).toBe('pdf');
    expect(
      text.match(/\/Filter \/CCITTFaxDecode \/DecodeParms << \/K -1 \/Columns 1654 \/Rows 2339 >>/g),
    ).toHaveLength(3);
    expect(text).not.toContain('/FlateDecode');
    // Each page's strip (StripOffsets, StripByteCounts as utif2 reads them) is in the PDF as it was.
    const strips = UTIF.decode(G4_SCAN).map((ifd) => {
      const [offset = 0] = ifd.t273 as number[];
      const [count = 0] = ifd.t279 as number[];
      return G4_SCAN.subarray(offset, offset + count);
    });
    expect(strips).toHaveLength(3);
    for (const strip of strips) {
      expect(strip.length).toBeGreaterThan(1000);
      expect(content.includes(strip)).toBe(true);
    }
    expect(content.length).toBeLessThan(G4_SCAN.length + 2048);
  });

  it('shows a BlackIsZero page the way round its photometric tag says', async () => {
    const normal = await decodedPageImages((await convertImage('tiff', G4_SCAN)).content);
    const inverted = await decodedPageImages((await convertImage('tiff', withTag(262, 1))).content);

    expect((await convertImage('tiff', withTag(262, 1))).content.toString('latin1')).toContain(
      '/Decode [1 0]',
    );
    expect(inkRows(normal[0] ?? fail(), 0, 200)).toBe(0);
    expect(inkRows(inverted[0] ?? fail(), 0, 200)).toBe(200);
  });

  it('decodes instead what a PDF cannot hold as it is: bits least significant first', async () => {
    const { content } = await convertImage('tiff', withTag(266, 2));

    expect(content.toString('latin1')).not.toContain('/CCITTFaxDecode');
    expect(content.toString('latin1')).toContain('/FlateDecode');
  });

  it('writes other bilevel TIFFs with Flate, as before', async () => {
    const { content } = await convertImage('tiff', sampleTiff([{ width: 200, height: 300, bilevel: true }]));

    expect(content.toString('latin1')).not.toContain('/CCITTFaxDecode');
    expect(content.toString('latin1')).toContain('/FlateDecode');
  });
});

function fail(): never {
  throw new Error('no page');
}
