import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentCandidate, UploadType } from '../../functions/documents/document';
import { applyMessageRules } from '../../functions/documents/message-rules';
import { minimalPdf } from '../support/minimal-pdf';

const UBL = readFileSync(join(__dirname, '..', 'fixtures', 'xml', 'base-example.xml'));
const OPTIONS = { preferInvoiceXml: true, maxDocuments: 50 };

function candidate(
  filename: string,
  content: Buffer,
  uploadType: UploadType,
  extra: Partial<DocumentCandidate> = {},
) {
  return {
    filename,
    declaredType: 'application/octet-stream',
    detectedType: uploadType,
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    content,
    origin: 'attachment',
    decision: { action: 'upload', uploadType },
    ...extra,
  } satisfies DocumentCandidate;
}

/** A UBL invoice carrying `pdf` as its `EmbeddedDocumentBinaryObject`, as Peppol invoices do. */
function ublWithEmbeddedPdf(pdf: Buffer, filename: string): Buffer {
  const reference = [
    '<cac:AdditionalDocumentReference><cbc:ID>INV-1</cbc:ID><cac:Attachment>',
    `<cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="${filename}">`,
    pdf.toString('base64').replace(/.{76}/g, '$&\n'),
    '</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>',
  ].join('');
  return Buffer.from(
    UBL.toString('utf8').replace(
      '<cac:AccountingSupplierParty>',
      `${reference}<cac:AccountingSupplierParty>`,
    ),
  );
}

function outcomes(candidates: DocumentCandidate[]): string[][] {
  return candidates.map((c) => [c.filename, c.decision.action === 'upload' ? 'upload' : c.decision.reason]);
}

describe('the message-wide rules', () => {
  it('lets an invoice XML represent the PDF with the same base name', () => {
    const result = applyMessageRules(
      [candidate('INV-7.pdf', minimalPdf('seven'), 'pdf'), candidate('INV-7.xml', UBL, 'invoice-xml')],
      OPTIONS,
    );

    expect(outcomes(result)).toEqual([
      ['INV-7.pdf', 'represented by INV-7.xml: the invoice XML carries the same invoice'],
      ['INV-7.xml', 'upload'],
    ]);
  });

  it('lets an invoice XML represent the PDF it embeds, whatever the PDF is called', () => {
    const pdf = minimalPdf('embedded');
    const result = applyMessageRules(
      [
        candidate('ubl.xml', ublWithEmbeddedPdf(pdf, 'other-name.pdf'), 'invoice-xml'),
        candidate('scan.pdf', pdf, 'pdf'),
      ],
      OPTIONS,
    );

    expect(outcomes(result)[1]).toEqual([
      'scan.pdf',
      'represented by ubl.xml: the invoice XML carries the same invoice',
    ]);
  });

  it('recognises the embedded PDF by the filename the XML gives it', () => {
    const result = applyMessageRules(
      [
        candidate('ubl.xml', ublWithEmbeddedPdf(minimalPdf('rendering'), 'Factuur 7.pdf'), 'invoice-xml'),
        candidate('Factuur 7.pdf', minimalPdf('a different rendering'), 'pdf'),
        candidate('annex.pdf', minimalPdf('annex'), 'pdf'),
      ],
      OPTIONS,
    );

    expect(outcomes(result).map(([, outcome]) => outcome)).toEqual([
      'upload',
      'represented by ubl.xml: the invoice XML carries the same invoice',
      'upload',
    ]);
  });

  it('uploads both when the mailbox does not prefer the XML', () => {
    const result = applyMessageRules(
      [candidate('INV-7.pdf', minimalPdf('seven'), 'pdf'), candidate('INV-7.xml', UBL, 'invoice-xml')],
      { ...OPTIONS, preferInvoiceXml: false },
    );

    expect(outcomes(result)).toEqual([
      ['INV-7.pdf', 'upload'],
      ['INV-7.xml', 'upload'],
    ]);
  });

  it('uploads byte-identical documents once', () => {
    const pdf = minimalPdf('twice');
    const result = applyMessageRules(
      [candidate('a.pdf', pdf, 'pdf'), candidate('b.pdf', pdf, 'pdf', { origin: 'ZIP archive "x.zip"' })],
      OPTIONS,
    );

    expect(outcomes(result)).toEqual([
      ['a.pdf', 'upload'],
      ['b.pdf', 'same bytes as a.pdf, which is uploaded once'],
    ]);
  });

  it('uploads no more than the document limit and says why for the rest', () => {
    const many = [1, 2, 3].map((n) => candidate(`${n}.pdf`, minimalPdf(`doc ${n}`), 'pdf'));

    const result = applyMessageRules(many, { ...OPTIONS, maxDocuments: 2 });

    expect(outcomes(result)[2]).toEqual([
      '3.pdf',
      'over the limit of 2 documents per message; forward it in a separate message',
    ]);
  });

  it('leaves skipped candidates as they are', () => {
    const skipped = {
      ...candidate('a.pdf', minimalPdf('x'), 'pdf'),
      decision: { action: 'skip', reason: 'r' } as const,
    };

    expect(applyMessageRules([skipped, skipped], OPTIONS)).toEqual([skipped, skipped]);
  });
});
