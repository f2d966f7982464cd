import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decideDocument } from '../../functions/documents/decide-document';
import type { DetectedType } from '../../functions/documents/document';
import { MAX_DOCUMENT_BYTES } from '../../functions/shared/limits';
import { minimalPdf } from '../support/minimal-pdf';
import { noisePng } from '../support/noise-png';
import { noiseBmp, noiseGif, noiseJpeg, sampleTiff } from '../support/sample-images';

const FIXTURES = join(__dirname, '..', 'fixtures', 'attachments');

function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

/** A 1×1 transparent GIF, byte for byte what newsletters embed as a tracking pixel. */
const TRACKING_PIXEL = Buffer.from(
  '47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b',
  'hex',
);

function decide(detectedType: DetectedType, content: Buffer, shownInBody = false) {
  return decideDocument({ detectedType, content, shownInBody });
}

/** A real JPEG of at least `size` bytes: noise, padded after its end-of-image marker. */
function realJpeg(size: number): Buffer {
  const photo = noiseJpeg(160, 120);
  return Buffer.concat([photo, Buffer.alloc(Math.max(0, size - photo.length))]);
}

const INVOICE = Buffer.from('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>');

describe('deciding what to upload', () => {
  it('uploads a PDF, however small', () => {
    expect(decide('pdf', minimalPdf('small'))).toEqual({
      detectedType: 'pdf',
      decision: { action: 'upload', uploadType: 'pdf' },
    });
  });

  it('uploads a JPEG photo of an invoice', () => {
    expect(decide('jpeg', realJpeg(200 * 1024)).decision).toEqual({ action: 'upload', uploadType: 'jpeg' });
  });

  it('uploads XML that is an invoice, as invoice XML', () => {
    expect(decide('xml', INVOICE)).toEqual({
      detectedType: 'invoice-xml',
      decision: { action: 'upload', uploadType: 'invoice-xml' },
    });
  });

  it('skips XML that is not an invoice, with the reason', () => {
    expect(decide('xml', Buffer.from('<Order xmlns="urn:x"/>'))).toEqual({
      detectedType: 'xml',
      decision: { action: 'skip', reason: 'XML is not an invoice (root element <Order>)' },
    });
  });

  it('skips a logo the HTML body shows, by its pixels, however large the file', () => {
    const logo = Buffer.concat([noisePng(400, 150, 3), Buffer.alloc(300 * 1024)]);

    expect(decide('png', logo, true).decision).toEqual({
      action: 'skip',
      reason: 'image of 400 × 150 pixels shown in the message body (logo or signature image)',
    });
    expect(decide('png', logo, false).decision).toEqual({ action: 'convert' });
  });

  it('uploads an inline photo with the pixels of a photo (iOS Mail shows attached photos inline)', () => {
    expect(decide('jpeg', noiseJpeg(1024, 768), true).decision).toEqual({
      action: 'upload',
      uploadType: 'jpeg',
    });
  });

  it('skips a tracking pixel, an icon and a signature logo by their pixels, not their bytes', () => {
    const paddedLogo = Buffer.concat([noisePng(120, 40, 4), Buffer.alloc(64 * 1024)]);

    expect(decide('gif', TRACKING_PIXEL).decision).toEqual({
      action: 'skip',
      reason: 'image of 1 × 1 pixels: a tracking pixel, icon or logo, not a document',
    });
    expect(decide('jpeg', noiseJpeg(64, 64)).decision).toEqual({
      action: 'skip',
      reason: 'image of 64 × 64 pixels: a tracking pixel, icon or logo, not a document',
    });
    expect(decide('png', paddedLogo).decision).toEqual({
      action: 'skip',
      reason: 'image of 120 × 40 pixels: a tracking pixel, icon or logo, not a document',
    });
  });

  it('takes a multi-page TIFF and a page-sized scan as documents, however few bytes they hold', () => {
    const g4 = fixture('scan-g4-3-pages.tif');
    const smallPages = sampleTiff([
      { width: 40, height: 40, bilevel: true },
      { width: 40, height: 40, bilevel: true },
    ]);

    expect(g4.length).toBeLessThan(10 * 1024);
    expect(decide('tiff', g4).decision).toEqual({ action: 'convert' });
    expect(decide('tiff', g4, true).decision).toEqual({ action: 'convert' });
    expect(decide('tiff', smallPages, true).decision).toEqual({ action: 'convert' });
    expect(decide('tiff', sampleTiff([{ width: 40, height: 40, bilevel: true }])).decision).toMatchObject({
      action: 'skip',
    });
  });

  it.each<[DetectedType, string]>([
    ['signature', 'S/MIME signature, not a document'],
    ['calendar', 'calendar invitation, not a document'],
    ['vcard', 'contact card (vCard), not a document'],
    ['message', 'forwarded message; its attachments are listed separately'],
    ['zip', 'ZIP archive; its files are listed separately'],
    ['ms-tnef', 'Outlook winmail.dat; its attachments are listed separately'],
    ['ms-msg', 'Outlook message (.msg); its attachments are listed separately'],
  ])('skips a %s as not a document', (detectedType, reason) => {
    expect(decide(detectedType, Buffer.from('x'.repeat(100))).decision).toEqual({ action: 'skip', reason });
  });

  it.each<[DetectedType, () => Buffer]>([
    ['png', () => noisePng(200, 150)],
    ['gif', () => noiseGif(200, 150)],
    ['bmp', () => noiseBmp(200, 150)],
    ['webp', () => fixture('screenshot.webp')],
    ['tiff', () => sampleTiff([{ width: 200, height: 150 }])],
    ['heic', () => fixture('photo.heic')],
  ])('sends a %s to be converted, once it passed the image rules', (detectedType, make) => {
    expect(decide(detectedType, make()).decision).toEqual({ action: 'convert' });
  });

  it.each<[DetectedType, () => Buffer]>([
    ['png', () => noisePng(32, 32)],
    ['gif', () => noiseGif(32, 32)],
    ['bmp', () => noiseBmp(32, 32)],
    ['tiff', () => sampleTiff([{ width: 32, height: 32 }])],
  ])('skips a 32 × 32 %s icon instead of converting it', (detectedType, make) => {
    expect(decide(detectedType, make()).decision).toEqual({
      action: 'skip',
      reason: 'image of 32 × 32 pixels: a tracking pixel, icon or logo, not a document',
    });
  });

  it('leaves an image whose header cannot be read to the converter, which says why', () => {
    expect(decide('png', Buffer.alloc(64 * 1024, 1)).decision).toEqual({ action: 'convert' });
  });

  it('does not hold a converted image to the image size rules again', () => {
    const small = decideDocument({
      detectedType: 'jpeg',
      content: noiseJpeg(8, 8),
      shownInBody: false,
      convertedFrom: 'heic',
    });

    expect(small.decision).toEqual({ action: 'upload', uploadType: 'jpeg' });
  });

  it.each<DetectedType>(['html', 'text'])(
    'skips %s as a format Clearfacts does not accept',
    (detectedType) => {
      expect(decide(detectedType, Buffer.alloc(64 * 1024, 1)).decision).toEqual({
        action: 'skip',
        reason: `not a format Clearfacts accepts (${detectedType})`,
      });
    },
  );

  it('asks a PDF reader about an encrypted PDF, and follows what it found', () => {
    const pdf = minimalPdf('locked').toString('latin1').replace('/Root 1 0 R', '/Root 1 0 R /Encrypt 9 0 R');
    const locked = Buffer.from(pdf, 'latin1');
    const afterReading = (pdfReading: Parameters<typeof decideDocument>[0]['pdfReading']) =>
      decideDocument({ detectedType: 'pdf', content: locked, shownInBody: false, pdfReading }).decision;

    expect(decide('pdf', locked).decision).toEqual({ action: 'read-pdf' });
    expect(afterReading({ outcome: 'opens', pages: 1 })).toEqual({ action: 'upload', uploadType: 'pdf' });
    expect(afterReading({ outcome: 'needs-password' })).toEqual({
      action: 'skip',
      reason:
        'password-protected PDF: it needs a password to open, which Clearfacts cannot do; needs manual handling',
    });
  });

  it('asks a PDF reader about a PDF that does not end with %%EOF; skips a truncated JPEG', () => {
    const pdf = minimalPdf('cut');
    const cut = pdf.subarray(0, pdf.length - 30);
    const photo = realJpeg(64 * 1024);

    expect(decide('pdf', cut).decision).toEqual({ action: 'read-pdf' });
    expect(
      decideDocument({
        detectedType: 'pdf',
        content: cut,
        shownInBody: false,
        pdfReading: { outcome: 'unreadable', detail: 'no reader can open it: Invalid PDF structure' },
      }).decision,
    ).toEqual({
      action: 'skip',
      reason:
        'truncated or corrupt PDF (it does not end with %%EOF; no reader can open it: Invalid PDF structure)',
    });
    expect(decide('jpeg', noiseJpeg(160, 120).subarray(0, 12 * 1024)).decision).toEqual({
      action: 'skip',
      reason: 'truncated JPEG (no end-of-image marker)',
    });
    expect(decide('jpeg', photo).decision.action).toBe('upload');
  });

  it('skips a part that could not be unpacked or converted, with the reason given', () => {
    const verdict = decideDocument({
      detectedType: 'zip',
      content: Buffer.from('PK'),
      shownInBody: false,
      failure: 'ZIP archive not opened: it is corrupt',
    });

    expect(verdict.decision).toEqual({ action: 'skip', reason: 'ZIP archive not opened: it is corrupt' });
  });

  it.each([
    [{ kind: 'duplicate', of: 'a.pdf' } as const, 'same bytes as a.pdf, which is uploaded once'],
    [
      { kind: 'represented', by: 'a.xml' } as const,
      'represented by a.xml: the invoice XML carries the same invoice',
    ],
    [
      { kind: 'over-limit', limit: 50 } as const,
      'over the limit of 50 documents per message; forward it in a separate message',
    ],
  ])('skips a document another one makes redundant (%o)', (redundancy, reason) => {
    const verdict = decideDocument({
      detectedType: 'pdf',
      content: minimalPdf('x'),
      shownInBody: false,
      redundancy,
    });

    expect(verdict.decision).toEqual({ action: 'skip', reason });
  });

  it('skips unrecognised bytes', () => {
    expect(decide('unknown', Buffer.from([1, 2, 3])).decision).toEqual({
      action: 'skip',
      reason: 'unrecognised file type; not a format Clearfacts accepts',
    });
  });

  it('skips an empty file', () => {
    expect(decide('pdf', Buffer.alloc(0)).decision).toEqual({ action: 'skip', reason: 'empty file' });
  });

  it('skips a PDF larger than Clearfacts accepts', () => {
    const huge = Buffer.alloc(MAX_DOCUMENT_BYTES + 1);
    huge.write('%PDF-1.7');

    expect(decide('pdf', huge).decision).toEqual({
      action: 'skip',
      reason: 'larger than the 20 MB Clearfacts accepts',
    });
  });
});
