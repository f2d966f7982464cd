import { sniffType } from '../../functions/documents/sniff-type';
import { minimalPdf } from '../support/minimal-pdf';
import { noisePng } from '../support/noise-png';

function bytes(...parts: Array<string | number[]>): Buffer {
  return Buffer.concat(
    parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))),
  );
}

/** A BITMAPINFOHEADER bitmap header: "BM", file size, reserved zeros, pixel offset, header size 40. */
function bmpHeader(): Buffer {
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  return header;
}

describe('sniffing a file type from its bytes', () => {
  it.each([
    ['a PDF', minimalPdf('sniff'), 'pdf'],
    [
      'a PDF with junk before the header',
      bytes('Content-Type: application/pdf\r\n\r\n', [0, 1, 2], '%PDF-1.7\n'),
      'pdf',
    ],
    ['a JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF'), 'jpeg'],
    ['a PNG', noisePng(2, 2), 'png'],
    ['a GIF87a', bytes('GIF87a', [1, 0, 1, 0]), 'gif'],
    ['a GIF89a', bytes('GIF89a', [1, 0, 1, 0]), 'gif'],
    ['a BMP', bmpHeader(), 'bmp'],
    ['a WEBP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'webp'],
    ['a little-endian TIFF', bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), 'tiff'],
    ['a big-endian TIFF', bytes([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), 'tiff'],
    ['a HEIC photo', bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic'), 'heic'],
    ['a generic HEIF image', bytes([0, 0, 0, 0x18], 'ftypmif1', [0, 0, 0, 0], 'mif1heic'), 'heic'],
    ['a ZIP archive', bytes('PK', [3, 4, 20, 0]), 'zip'],
    ['an empty ZIP archive', bytes('PK', [5, 6], Array(18).fill(0)), 'zip'],
    ['a winmail.dat (TNEF)', bytes([0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00]), 'ms-tnef'],
    ['an Outlook .msg (OLE)', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'ms-msg'],
    ['XML with a declaration', bytes('<?xml version="1.0"?><Invoice/>'), 'xml'],
    [
      'XML after a UTF-8 byte order mark and whitespace',
      bytes([0xef, 0xbb, 0xbf], '\r\n  <Invoice/>'),
      'xml',
    ],
    [
      'XML in UTF-16 with a byte order mark',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<Invoice/>', 'utf16le')]),
      'xml',
    ],
    ['XML starting with a comment', bytes('<!-- generated --><Invoice/>'), 'xml'],
    ['an HTML page', bytes('<!DOCTYPE html><html><body>Hi</body></html>'), 'html'],
    ['an HTML fragment root', bytes('<html lang="nl"><body>Hi</body></html>'), 'html'],
    ['a calendar invite', bytes('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n'), 'calendar'],
    ['a vCard', bytes('BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n'), 'vcard'],
    [
      'a stored message',
      bytes('Received: from mx\r\nFrom: a@b.example\r\nSubject: x\r\n\r\nbody'),
      'message',
    ],
    ['plain text', bytes('Factuur 2026-014\nBedrag: 121,00 EUR\n'), 'text'],
    ['binary noise', bytes([0x00, 0x13, 0x37, 0xfe, 0x01]), 'unknown'],
    ['nothing at all', Buffer.alloc(0), 'unknown'],
  ])('recognises %s', (_label, content, expected) => {
    expect(sniffType(content)).toBe(expected);
  });

  it('does not look for %PDF- past the first 1024 bytes', () => {
    expect(sniffType(bytes(Array(1100).fill(0x01), '%PDF-1.4'))).toBe('unknown');
  });

  it('ignores the declared type and extension when the bytes say otherwise', () => {
    const pdf = minimalPdf('declared as jpeg');

    expect(sniffType(pdf, { contentType: 'image/jpeg', filename: 'scan.jpg' })).toBe('pdf');
    expect(sniffType(pdf, { contentType: 'application/octet-stream', filename: 'x.pdf' })).toBe('pdf');
    expect(
      sniffType(bytes([0xff, 0xd8, 0xff, 0xdb]), { contentType: 'application/pdf', filename: 'x.pdf' }),
    ).toBe('jpeg');
  });

  it('recognises an S/MIME signature by its declared type or .p7s name, since DER bytes cannot tell', () => {
    const der = bytes([0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]);

    expect(sniffType(der, { contentType: 'application/pkcs7-signature' })).toBe('signature');
    expect(sniffType(der, { contentType: 'application/x-pkcs7-signature' })).toBe('signature');
    expect(sniffType(der, { contentType: 'application/octet-stream', filename: 'smime.p7s' })).toBe(
      'signature',
    );
    expect(sniffType(der)).toBe('signed-data');
  });

  it('recognises CMS signed and encrypted data by its content type, in DER, base64 or PEM', () => {
    const signed = bytes([
      0x30, 0x82, 0x06, 0x17, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0,
    ]);
    const enveloped = bytes([
      0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03, 0xa0,
    ]);
    const authEnveloped = bytes([
      0x30, 0x81, 0x90, 0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01, 0x17, 0xa0,
    ]);
    const padded = (der: Buffer): Buffer => Buffer.concat([der, Buffer.alloc(48, 0x41)]);
    const base64 = padded(signed).toString('base64');

    expect(sniffType(signed, { filename: 'factuur.pdf.p7m' })).toBe('signed-data');
    expect(sniffType(enveloped, { contentType: 'application/pkcs7-mime' })).toBe('encrypted-data');
    expect(sniffType(authEnveloped)).toBe('encrypted-data');
    expect(sniffType(bytes(`${base64.slice(0, 40)}\r\n${base64.slice(40)}\r\n`))).toBe('signed-data');
    expect(sniffType(bytes(`-----BEGIN PKCS7-----\n${base64}\n-----END PKCS7-----\n`))).toBe('signed-data');
  });

  it('does not take other DER or base64 text for CMS', () => {
    // A SEQUENCE starting with another object identifier (PKCS #7 data, 1.2.840.113549.1.7.1).
    const data = bytes([0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0]);

    expect(sniffType(data)).toBe('unknown');
    expect(
      sniffType(bytes(Buffer.from('just some text, base64 encoded, nothing more').toString('base64'))),
    ).toBe('text');
  });

  it('takes a declared message/rfc822 part for a message even when its headers are unusual', () => {
    expect(sniffType(bytes('X-Odd: 1\r\n\r\nbody'), { contentType: 'message/rfc822' })).toBe('message');
  });

  it('does not take text that merely starts with "BM" for a bitmap', () => {
    expect(sniffType(bytes('BMW lease invoice, March 2026, amount due 412 EUR'))).toBe('text');
  });
});
