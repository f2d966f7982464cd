import { unpackMsg } from '../../functions/unpack/unpack-msg';
import { minimalPdf } from '../support/minimal-pdf';
import { buildMsg } from '../support/sample-msg';

describe('unpacking Outlook .msg files', () => {
  it('lists the attachments with their names, types and bytes, and the subject', async () => {
    const pdf = minimalPdf('Invoice 2026-051 in a .msg');
    const msg = buildMsg('Factuur 2026-051', [
      { filename: 'factuur-2026-051.pdf', content: pdf, mimeType: 'application/pdf' },
      { filename: 'voorwaarden.txt', content: Buffer.from('x'.repeat(5000)) },
    ]);

    const { subject, files } = await unpackMsg(msg);

    expect(subject).toBe('Factuur 2026-051');
    expect(files.map((file) => [file.name, file.declaredType, file.content.length])).toEqual([
      ['factuur-2026-051.pdf', 'application/pdf', pdf.length],
      ['voorwaarden.txt', undefined, 5000],
    ]);
    expect(files[0]?.content.equals(pdf)).toBe(true);
  });

  it('reports a truncated file as corrupt', async () => {
    const msg = buildMsg('Factuur', [{ filename: 'f.pdf', content: minimalPdf('cut short') }]);

    await expect(unpackMsg(msg.subarray(0, 1500))).rejects.toThrow(/^it is corrupt \(/);
  });
});
