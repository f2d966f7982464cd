import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentCandidate } from '../../functions/documents/document';
import { parseMessage } from '../../functions/mail/parse-message';
import { extractDocuments } from '../../functions/mail/pick-documents';
import { PAYLOADS } from '../fixtures/mail-fixture-payloads';

/** One expected candidate: name, detected type, and `upload` or the skip reason. */
type Row = readonly [filename: string, detectedType: string, outcome: string, origin?: string];

/** What each committed fixture must yield, in order, with the payload each upload must equal. */
const EXPECTED: Record<string, { rows: readonly Row[]; uploads: readonly (keyof typeof PAYLOADS)[] }> = {
  'pdf-as-octet-stream': {
    rows: [
      ['factuur-2026-014.pdf', 'pdf', 'upload'],
      ['attachment-2.pdf', 'pdf', 'upload'],
    ],
    uploads: ['octetStreamPdf', 'namelessPdf'],
  },
  'pdf-declared-as-jpeg': {
    rows: [['scan-2026-015.jpg.pdf', 'pdf', 'upload']],
    uploads: ['jpegDeclaredPdf'],
  },
  'html-inline-logo-and-pdf': {
    rows: [
      ['acme-logo.png', 'png', 'image of 64 × 64 pixels: a tracking pixel, icon or logo, not a document'],
      ['Factuur 2026-016.pdf', 'pdf', 'upload'],
    ],
    uploads: ['inlineLogoPdf'],
  },
  'two-pdfs': {
    rows: [
      ['factuur-2026-017.pdf', 'pdf', 'upload'],
      ['creditnota-2026-002.pdf', 'pdf', 'upload'],
    ],
    uploads: ['firstOfTwoPdf', 'secondOfTwoPdf'],
  },
  'ubl-invoice': {
    rows: [
      ['invoice-Snippet1.xml', 'invoice-xml', 'upload'],
      ['order-PO-2026-007.xml', 'xml', 'XML is not an invoice (root element <Order>)'],
    ],
    uploads: ['ublInvoice'],
  },
  'manual-forward': {
    rows: [['Factuur 2026-018.pdf', 'pdf', 'upload']],
    uploads: ['manualForwardPdf'],
  },
  'forwarded-as-attachment': {
    rows: [
      ['Invoice 2026-019.eml', 'message', 'forwarded message; its attachments are listed separately'],
      ['invoice-2026-019.pdf', 'pdf', 'upload', 'forwarded message "Invoice 2026-019"'],
    ],
    uploads: ['forwardedPdf'],
  },
  'forwarded-nested': {
    rows: [
      ['invoice.pdf', 'pdf', 'upload'],
      ['attachment-2.eml', 'message', 'forwarded message; its attachments are listed separately'],
      [
        'original.eml',
        'message',
        'forwarded message; its attachments are listed separately',
        'forwarded message "Fwd: Invoice 2026-020"',
      ],
      [
        'invoice (2).pdf',
        'pdf',
        'upload',
        'forwarded message "Fwd: Invoice 2026-020" > forwarded message "Invoice 2026-020"',
      ],
    ],
    uploads: ['nestedOuterPdf', 'nestedInnerPdf'],
  },
  'non-ascii-filename': {
    rows: [['Fäktür 2026-001 — é.pdf', 'pdf', 'upload']],
    uploads: ['nonAsciiNamePdf'],
  },
  'no-attachment': { rows: [], uploads: [] },
  'signed-with-extras': {
    rows: [
      ['Factuur 2026-021.pdf', 'pdf', 'upload'],
      ['invite.ics', 'calendar', 'calendar invitation, not a document'],
      ['Acme Billing.vcf', 'vcard', 'contact card (vCard), not a document'],
      ['pixel.gif', 'gif', 'image of 1 × 1 pixels: a tracking pixel, icon or logo, not a document'],
      ['smime.p7s', 'signature', 'S/MIME signature, not a document'],
    ],
    uploads: ['signedPdf'],
  },
  'unsupported-formats': {
    rows: [
      ['screenshot.pdf', 'pdf', 'upload'],
      ['facturen.zip', 'zip', 'ZIP archive holds no files'],
      ['empty.pdf', 'unknown', 'empty file'],
    ],
    uploads: ['screenshotPng'],
  },
};

async function extractFixture(name: string): Promise<DocumentCandidate[]> {
  const raw = readFileSync(join(__dirname, '..', 'fixtures', 'mail', `${name}.eml`));
  return extractDocuments(await parseMessage(raw));
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

describe('picking documents from the fixture messages', () => {
  it.each(Object.keys(EXPECTED))('lists every part of %s with its decision', async (name) => {
    const expected = EXPECTED[name];
    const candidates = await extractFixture(name);

    const rows = candidates.map((candidate) => {
      const { decision } = candidate;
      const outcome = decision.action === 'upload' ? 'upload' : decision.reason;
      return candidate.origin === 'attachment'
        ? [candidate.filename, candidate.detectedType, outcome]
        : [candidate.filename, candidate.detectedType, outcome, candidate.origin];
    });
    expect(rows).toEqual(expected?.rows);
  });

  it.each(Object.keys(EXPECTED))(
    'uploads from %s the bytes the builder attached, or their conversion',
    async (name) => {
      const uploads = (await extractFixture(name)).filter(
        (candidate) => candidate.decision.action === 'upload',
      );

      const expected = (EXPECTED[name]?.uploads ?? []).map((key) => sha256(PAYLOADS[key]));
      expect(uploads.map((candidate) => candidate.convertedFrom?.sha256 ?? candidate.sha256)).toEqual(
        expected,
      );
      for (const candidate of uploads) {
        expect(sha256(candidate.content)).toBe(candidate.sha256);
        expect(candidate.size).toBe(candidate.content.length);
      }
    },
  );

  it('detects a PDF sent as application/octet-stream from its bytes, keeping the declared type', async () => {
    const [named] = await extractFixture('pdf-as-octet-stream');

    expect(named).toMatchObject({ declaredType: 'application/octet-stream', detectedType: 'pdf' });
    expect(named?.originalFilename).toBeUndefined();
  });

  it('gives a PDF declared as a JPEG a .pdf name and remembers the original', async () => {
    const [scan] = await extractFixture('pdf-declared-as-jpeg');

    expect(scan).toMatchObject({
      filename: 'scan-2026-015.jpg.pdf',
      originalFilename: 'scan-2026-015.jpg',
      declaredType: 'image/jpeg',
      decision: { action: 'upload', uploadType: 'pdf' },
    });
  });

  it('renames the second invoice.pdf of a message and keeps the original name', async () => {
    const candidates = await extractFixture('forwarded-nested');

    expect(candidates[3]).toMatchObject({ filename: 'invoice (2).pdf', originalFilename: 'invoice.pdf' });
  });

  it('uploads an XML invoice as invoice XML', async () => {
    const [invoice] = await extractFixture('ubl-invoice');

    expect(invoice?.decision).toEqual({ action: 'upload', uploadType: 'invoice-xml' });
  });
});
