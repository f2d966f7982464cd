import {
  decideDocument,
  LARGE_INLINE_IMAGE_BYTES,
  TINY_IMAGE_BYTES,
} from '../../functions/documents/decide-document';
import type { DetectedType } from '../../functions/documents/document';
import { MAX_DOCUMENT_BYTES } from '../../functions/shared/limits';
import { minimalPdf } from '../support/minimal-pdf';
import { noiseJpeg } from '../support/sample-images';

function decide(detectedType: DetectedType, content: Buffer, shownInBody = false) {
  return decideDocument({ detectedType, content, shownInBody });
}

/** JPEG-looking bytes of a given size (for the size rules, which never look further than the size). */
function jpeg(size: number): Buffer {
  const content = Buffer.alloc(size, 0x11);
  content.set([0xff, 0xd8, 0xff]);
  return content;
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

  it('skips the logo the HTML body shows', () => {
    expect(decide('jpeg', jpeg(40 * 1024), true).decision).toEqual({
      action: 'skip',
      reason: 'image shown in the message body (logo or signature image)',
    });
  });

  it('uploads an inline photo too large to be a logo (iOS Mail shows attached photos inline)', () => {
    expect(decide('jpeg', realJpeg(LARGE_INLINE_IMAGE_BYTES), true).decision).toEqual({
      action: 'upload',
      uploadType: 'jpeg',
    });
  });

  it('skips tiny images as tracking pixels or icons', () => {
    expect(decide('jpeg', jpeg(TINY_IMAGE_BYTES - 1)).decision).toEqual({
      action: 'skip',
      reason: 'image smaller than 10 KB (tracking pixel or icon)',
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

  it.each<DetectedType>(['png', 'gif', 'bmp', 'webp', 'tiff', 'heic'])(
    'sends a %s to be converted, once it passed the image rules',
    (detectedType) => {
      expect(decide(detectedType, Buffer.alloc(64 * 1024, 1)).decision).toEqual({ action: 'convert' });
      expect(decide(detectedType, Buffer.alloc(TINY_IMAGE_BYTES - 1, 1)).decision.action).toBe('skip');
    },
  );

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

  it('skips an encrypted PDF as needing manual handling', () => {
    const pdf = minimalPdf('locked').toString('latin1').replace('/Root 1 0 R', '/Root 1 0 R /Encrypt 9 0 R');

    expect(decide('pdf', Buffer.from(pdf, 'latin1')).decision).toEqual({
      action: 'skip',
      reason: 'password-protected or encrypted PDF, which Clearfacts cannot read; needs manual handling',
    });
  });

  it('skips a truncated PDF and a truncated JPEG', () => {
    const pdf = minimalPdf('cut');
    const photo = realJpeg(64 * 1024);

    expect(decide('pdf', pdf.subarray(0, pdf.length - 30)).decision).toMatchObject({ action: 'skip' });
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
