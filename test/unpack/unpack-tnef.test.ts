import { UnpackError } from '../../functions/unpack/unpack-error';
import { unpackTnef } from '../../functions/unpack/unpack-tnef';
import { minimalPdf } from '../support/minimal-pdf';
import { buildTnef } from '../support/sample-tnef';

describe('unpacking winmail.dat (TNEF)', () => {
  // `buildTnef`'s output lists the same names, types and sizes with the Debian `tnef` tool.
  it('lists each attachment with its long filename, MIME type and bytes', () => {
    const pdf = minimalPdf('Invoice 2026-050 in winmail.dat');
    const winmail = buildTnef([
      { filename: 'Factuur 2026-050 met een lange naam.pdf', content: pdf, mimeType: 'application/pdf' },
      { filename: 'notes.txt', content: Buffer.from('hello') },
    ]);

    const files = unpackTnef(winmail);

    expect(files.map((file) => [file.name, file.declaredType, file.content.length])).toEqual([
      ['Factuur 2026-050 met een lange naam.pdf', 'application/pdf', pdf.length],
      ['notes.txt', undefined, 5],
    ]);
    expect(files[0]?.content.equals(pdf)).toBe(true);
  });

  it('reports a truncated stream instead of reading past its end', () => {
    const winmail = buildTnef([{ filename: 'a.pdf', content: minimalPdf('cut') }]);

    expect(() => unpackTnef(winmail.subarray(0, winmail.length - 40))).toThrow(
      new UnpackError('it is truncated or corrupt'),
    );
  });
});
