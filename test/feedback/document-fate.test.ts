import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentFacts } from '../../functions/documents/decide-document';
import { decideWithReader } from '../../functions/documents/decide-with-reader';
import { fateOfSkip, replyDocuments } from '../../functions/feedback/document-fate';
import { MAX_DOCUMENT_BYTES } from '../../functions/shared/limits';
import { composeMail } from '../support/compose-mail';
import { minimalPdf } from '../support/minimal-pdf';
import { noisePng } from '../support/noise-png';
import { ReplyPipeline } from '../support/reply-pipeline';
import { buildZip } from '../support/sample-zip';

const fixture = (path: string): Buffer => readFileSync(join(__dirname, '../fixtures', path));

/** The reason the pipeline's own decision (a PDF reader's included) gives for skipping a part. */
async function skipReason(
  facts: Partial<DocumentFacts> & Pick<DocumentFacts, 'detectedType' | 'content'>,
): Promise<string> {
  const { decision } = await decideWithReader({ shownInBody: false, ...facts });
  if (decision.action !== 'skip') throw new Error(`expected a skip, got ${decision.action}`);
  return decision.reason;
}

describe('what a sender hears about each document', () => {
  it.each([
    ['an empty file', () => skipReason({ detectedType: 'pdf', content: Buffer.alloc(0) }), 'damaged'],
    [
      'a PDF over 20 MB',
      () => skipReason({ detectedType: 'pdf', content: Buffer.alloc(MAX_DOCUMENT_BYTES + 1) }),
      'too-large',
    ],
    [
      'a password-protected PDF',
      () => skipReason({ detectedType: 'pdf', content: fixture('attachments/password-protected.pdf') }),
      'password-protected',
    ],
    [
      'a truncated PDF',
      () => skipReason({ detectedType: 'pdf', content: minimalPdf('cut').subarray(0, 200) }),
      'damaged',
    ],
    [
      'an unknown file type',
      () => skipReason({ detectedType: 'unknown', content: Buffer.from('MZ\x90\0') }),
      'unsupported',
    ],
    [
      "encrypted S/MIME, which needs the recipient's key",
      () => skipReason({ detectedType: 'encrypted-data', content: Buffer.from([0x30, 0x80]) }),
      'password-protected',
    ],
    [
      'a document over the per-message limit',
      () =>
        skipReason({
          detectedType: 'pdf',
          content: minimalPdf('51st'),
          redundancy: { kind: 'over-limit', limit: 50 },
        }),
      'too-many',
    ],
  ])('says what can be fixed about %s', async (_name, reason, fate) => {
    expect(fateOfSkip(await reason())).toBe(fate);
  });

  it.each([
    [
      'a signature logo',
      () => skipReason({ detectedType: 'png', content: noisePng(120, 40), shownInBody: true }),
    ],
    ['an S/MIME signature', () => skipReason({ detectedType: 'signature', content: Buffer.from('sig') })],
    [
      'signed content, whose documents are listed',
      () => skipReason({ detectedType: 'signed-data', content: Buffer.from([0x30, 0x80]) }),
    ],
    [
      'a PDF the invoice XML stands for',
      () =>
        skipReason({
          detectedType: 'pdf',
          content: minimalPdf('twin'),
          redundancy: { kind: 'represented', by: 'invoice.xml' },
        }),
    ],
    [
      'an XML that is not an invoice',
      () => skipReason({ detectedType: 'xml', content: fixture('xml/order.xml') }),
    ],
  ])('keeps quiet about %s', async (_name, reason) => {
    expect(fateOfSkip(await reason())).toBeUndefined();
  });

  it('reads the unpacker’s reasons for a locked or oversized archive', async () => {
    const pipeline = new ReplyPipeline();
    const report = await pipeline.deliver(
      await composeMail({
        subject: 'Archives',
        attachments: [
          {
            filename: 'locked.zip',
            content: buildZip([{ name: 'invoice.pdf', content: minimalPdf('locked'), encrypted: true }]),
            contentType: 'application/zip',
          },
          {
            filename: 'scans.zip',
            // Random bytes do not compress: 1.5 MB stands for 120 MB within the ratio limit, over the size one.
            content: buildZip([
              { name: 'scans.pdf', content: randomBytes(1536 * 1024), declaredSize: 120 * 1024 ** 2 },
            ]),
            contentType: 'application/zip',
          },
        ],
      }),
    );
    expect(replyDocuments(report)).toEqual([
      { name: 'locked.zip', fate: 'password-protected' },
      { name: 'scans.zip', fate: 'too-large' },
    ]);
  });
});
