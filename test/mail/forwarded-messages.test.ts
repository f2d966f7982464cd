import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { parseMessage } from '../../functions/mail/parse-message';
import { extractDocuments, MAX_FORWARD_DEPTH } from '../../functions/mail/pick-documents';
import { minimalPdf } from '../support/minimal-pdf';

const DATE = new Date('2026-03-02T09:15:00.000Z');

/** A message holding `attachment`, each level with its own boundary so nesting stays parseable. */
function message(level: number, attachment: { filename: string; contentType?: string; content: Buffer }) {
  return new MailComposer({
    from: 'jan@client.example',
    to: 'acme@invoices.example-accountant.be',
    subject: `Level ${level}`,
    date: DATE,
    messageId: `<level-${level}@fixtures.example>`,
    baseBoundary: `level-${level}`,
    text: 'Forwarding.',
    attachments: [attachment],
  })
    .compile()
    .build();
}

/** A PDF wrapped in `levels` forwarded messages, inside one outer message. */
async function forwardChain(levels: number): Promise<Buffer> {
  let raw = await message(levels + 1, { filename: 'deep.pdf', content: minimalPdf('deep invoice') });
  for (let level = levels; level >= 1; level -= 1) {
    raw = await message(level, {
      filename: `level-${level + 1}.eml`,
      contentType: 'message/rfc822',
      content: raw,
    });
  }
  return raw;
}

describe('forwarded messages', () => {
  it('opens forwards up to the depth limit and finds the PDF at the bottom', async () => {
    const candidates = await extractDocuments(await parseMessage(await forwardChain(MAX_FORWARD_DEPTH)));

    const pdf = candidates.find((candidate) => candidate.detectedType === 'pdf');
    expect(pdf?.decision.action).toBe('upload');
    expect(pdf?.origin.split(' > ')).toHaveLength(MAX_FORWARD_DEPTH);
  });

  it('does not open a forward nested deeper than the limit, and says so', async () => {
    const candidates = await extractDocuments(await parseMessage(await forwardChain(MAX_FORWARD_DEPTH + 2)));

    expect(candidates.some((candidate) => candidate.detectedType === 'pdf')).toBe(false);
    expect(candidates).toHaveLength(MAX_FORWARD_DEPTH + 1);
    expect(candidates.at(-1)?.decision).toEqual({
      action: 'skip',
      reason: `forwarded message nested too deep (limit ${MAX_FORWARD_DEPTH}); not opened`,
    });
  });

  it('honours a smaller depth limit given as an option', async () => {
    const raw = readFileSync(join(__dirname, '..', 'fixtures', 'mail', 'forwarded-nested.eml'));

    const candidates = await extractDocuments(await parseMessage(raw), { maxForwardDepth: 1 });

    expect(candidates.map((candidate) => [candidate.filename, candidate.decision])).toEqual([
      ['invoice.pdf', { action: 'upload', uploadType: 'pdf' }],
      [
        'attachment-2.eml',
        { action: 'skip', reason: 'forwarded message; its attachments are listed separately' },
      ],
      ['original.eml', { action: 'skip', reason: 'forwarded message nested too deep (limit 1); not opened' }],
    ]);
  });

  it('skips a forwarded message it cannot parse, with the parser error as the reason', async () => {
    const broken = Buffer.from(`Subject: broken\r\nX-Huge: ${'a'.repeat(2 * 1024 * 1024)}\r\n\r\nbody`);
    const raw = await message(1, { filename: 'broken.eml', contentType: 'message/rfc822', content: broken });

    const [candidate] = await extractDocuments(await parseMessage(raw));

    expect(candidate?.decision).toEqual({
      action: 'skip',
      reason: expect.stringMatching(
        /^forwarded message could not be read \(InvalidInputError: .*header size/,
      ),
    });
  });

  it('opens a .eml attached as application/octet-stream, recognised from its bytes', async () => {
    const inner = await message(2, { filename: 'factuur.pdf', content: minimalPdf('octet-stream eml') });
    const raw = await message(1, {
      filename: 'factuur.eml',
      contentType: 'application/octet-stream',
      content: inner,
    });

    const candidates = await extractDocuments(await parseMessage(raw));

    expect(
      candidates.map((candidate) => [candidate.filename, candidate.detectedType, candidate.origin]),
    ).toEqual([
      ['factuur.eml', 'message', 'attachment'],
      ['factuur.pdf', 'pdf', 'forwarded message "Level 2"'],
    ]);
  });
});
