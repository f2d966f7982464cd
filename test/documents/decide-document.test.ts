import {
  decideDocument,
  LARGE_INLINE_IMAGE_BYTES,
  TINY_IMAGE_BYTES,
} from '../../functions/documents/decide-document';
import type { DetectedType } from '../../functions/documents/document';
import { MAX_DOCUMENT_BYTES } from '../../functions/shared/limits';
import { minimalPdf } from '../support/minimal-pdf';

function decide(detectedType: DetectedType, content: Buffer, shownInBody = false) {
  return decideDocument({ detectedType, content, shownInBody });
}

/** JPEG-looking bytes of a given size. */
function jpeg(size: number): Buffer {
  const content = Buffer.alloc(size, 0x11);
  content.set([0xff, 0xd8, 0xff]);
  return content;
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
    expect(decide('jpeg', jpeg(200 * 1024)).decision).toEqual({ action: 'upload', uploadType: 'jpeg' });
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
    expect(decide('jpeg', jpeg(LARGE_INLINE_IMAGE_BYTES), true).decision).toEqual({
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
  ])('skips a %s as not a document', (detectedType, reason) => {
    expect(decide(detectedType, Buffer.from('x'.repeat(100))).decision).toEqual({ action: 'skip', reason });
  });

  it.each<DetectedType>([
    'png',
    'gif',
    'bmp',
    'webp',
    'tiff',
    'heic',
    'zip',
    'ms-tnef',
    'ms-msg',
    'html',
    'text',
  ])('skips %s as a format Clearfacts does not accept', (detectedType) => {
    expect(decide(detectedType, Buffer.alloc(64 * 1024, 1)).decision).toEqual({
      action: 'skip',
      reason: `not a format Clearfacts accepts (${detectedType}); conversion is not available yet`,
    });
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
