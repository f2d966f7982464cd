import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { ConversionError } from '../../functions/convert/conversion-error';
import { type ConvertibleType, convertImage } from '../../functions/convert/convert-image';
import { MAX_IMAGE_PAGES, MAX_IMAGE_PIXELS } from '../../functions/convert/image-limits';
import { isJpeg, isPdf, pdfPages } from '../support/file-checks';
import { noisePng } from '../support/noise-png';
import { noiseBmp, noiseGif, sampleTiff } from '../support/sample-images';

const FIXTURES = join(__dirname, '..', 'fixtures', 'attachments');

describe('converting images Clearfacts does not accept', () => {
  it.each<[ConvertibleType, () => Buffer]>([
    ['png', () => noisePng(200, 150, 3)],
    ['gif', () => noiseGif(200, 150)],
    ['bmp', () => noiseBmp(200, 150)],
    ['webp', () => readFileSync(join(FIXTURES, 'screenshot.webp'))],
  ])('turns a %s into a one-page PDF', async (type, make) => {
    const converted = await convertImage(type, make());

    expect(converted.type).toBe('pdf');
    expect(isPdf(converted.content)).toBe(true);
    expect(await pdfPages(converted.content)).toHaveLength(1);
  });

  it('turns every page of a multi-page TIFF into a page of one PDF', async () => {
    const tiff = sampleTiff([
      { width: 300, height: 200 },
      { width: 200, height: 300, bilevel: true },
      { width: 100, height: 100 },
    ]);

    const converted = await convertImage('tiff', tiff);

    // 200 dpi: 300 pixels are 1.5 inches, 108 points.
    expect(await pdfPages(converted.content)).toEqual([
      { width: 108, height: 72 },
      { width: 72, height: 108 },
      { width: 36, height: 36 },
    ]);
  });

  it('keeps every pixel of a scan: the PDF holds the image at its full resolution, losslessly', async () => {
    const converted = await convertImage('tiff', sampleTiff([{ width: 300, height: 200 }], 9));

    const text = converted.content.toString('latin1');
    expect(text).toMatch(
      /\/Width 300 \/Height 200 \/ColorSpace \/DeviceRGB \/BitsPerComponent 8 \/Filter \/FlateDecode/,
    );
    const rgba = sampleTiff([{ width: 300, height: 200 }], 9).subarray(-300 * 200 * 3);
    expect(inflateSync(imageStream(converted.content)).equals(rgba)).toBe(true);
  });

  it('stores a black-and-white scan page at one bit per pixel', async () => {
    const converted = await convertImage('tiff', sampleTiff([{ width: 200, height: 300, bilevel: true }]));

    expect(converted.content.toString('latin1')).toMatch(/\/ColorSpace \/DeviceGray \/BitsPerComponent 1 /);
    expect(converted.content.length).toBeLessThan(2000);
  });

  it('fits an image without a recorded resolution on an A4 page in its orientation', async () => {
    const [page] = await pdfPages((await convertImage('png', noisePng(400, 200, 1))).content);

    expect(page).toEqual({ width: 841.89, height: 420.95 });
  });

  it.each<[ConvertibleType, string]>([
    ['heic', 'photo.heic'],
    ['webp', 'photo.webp'],
  ])('turns a %s photo into a JPEG at full size', async (type, file) => {
    const converted = await convertImage(type, readFileSync(join(FIXTURES, file)));

    expect(converted.type).toBe('jpeg');
    expect(isJpeg(converted.content)).toBe(true);
    // SOF0 holds the height then the width: 360 × 480.
    const sof = converted.content.indexOf(Buffer.from([0xff, 0xc0]));
    expect([converted.content.readUInt16BE(sof + 5), converted.content.readUInt16BE(sof + 7)]).toEqual([
      360, 480,
    ]);
  });

  it('gives the same bytes for the same image, so the delivery ledger recognises a repeat', async () => {
    const tiff = sampleTiff([{ width: 120, height: 80 }]);

    expect(
      (await convertImage('tiff', tiff)).content.equals((await convertImage('tiff', tiff)).content),
    ).toBe(true);
  });

  it('refuses an image declaring more pixels than the limit, before decoding it', async () => {
    const bomb = noisePng(10, 10);
    bomb.writeUInt32BE(100_000, 16);
    bomb.writeUInt32BE(100_000, 20);

    await expect(convertImage('png', bomb)).rejects.toThrow(
      new ConversionError(
        `it is 100000 × 100000 pixels, over the limit of ${MAX_IMAGE_PIXELS / 1_000_000} megapixels`,
      ),
    );
  });

  it('refuses a TIFF with more pages than the limit, and one whose pages loop', async () => {
    const pages = Array.from({ length: MAX_IMAGE_PAGES + 1 }, () => ({ width: 2, height: 2 }));
    await expect(convertImage('tiff', sampleTiff(pages))).rejects.toThrow(/more than 200 pages/);

    const looping = sampleTiff([{ width: 2, height: 2 }]);
    const nextIfdAt = 8 + 2 + 11 * 12;
    looping.writeUInt32LE(8, nextIfdAt);
    await expect(convertImage('tiff', looping)).rejects.toThrow('its page directories form a loop');
  });

  it.each<[ConvertibleType, () => Buffer]>([
    ['png', () => noisePng(200, 150).subarray(0, 5000)],
    ['gif', () => noiseGif(200, 150).subarray(0, 30)],
    ['bmp', () => noiseBmp(200, 150).subarray(0, 5000)],
    ['webp', () => readFileSync(join(FIXTURES, 'photo.webp')).subarray(0, 4000)],
    ['heic', () => readFileSync(join(FIXTURES, 'photo.heic')).subarray(0, 3000)],
  ])('reports a truncated %s as a conversion error', async (type, make) => {
    await expect(convertImage(type, make())).rejects.toBeInstanceOf(ConversionError);
  });
});

/** The bytes of the first image stream of a PDF this converter wrote. */
function imageStream(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const length = Number(/\/Subtype \/Image [^>]*\/Length (\d+)/.exec(text)?.[1]);
  const start = text.indexOf('stream\n', text.indexOf('/Subtype /Image')) + 'stream\n'.length;
  return pdf.subarray(start, start + length);
}
