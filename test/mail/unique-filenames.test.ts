import { MAX_FILENAME_BYTES, safeFilename } from '../../functions/mail/safe-filename';
import { UniqueFilenames } from '../../functions/mail/unique-filenames';

describe('unique filenames within a message', () => {
  it('numbers repeated names the way desktops do', () => {
    const names = new UniqueFilenames();

    expect(['invoice.pdf', 'invoice.pdf', 'invoice.pdf'].map((name) => names.claim(name))).toEqual([
      'invoice.pdf',
      'invoice (2).pdf',
      'invoice (3).pdf',
    ]);
  });

  it('treats names that differ only in case as the same name', () => {
    const names = new UniqueFilenames();
    names.claim('Invoice.PDF');

    expect(names.claim('invoice.pdf')).toBe('invoice (2).pdf');
  });

  it('skips a number that a real attachment already uses', () => {
    const names = new UniqueFilenames();
    names.claim('invoice.pdf');
    names.claim('invoice (2).pdf');

    expect(names.claim('invoice.pdf')).toBe('invoice (3).pdf');
  });

  it('numbers names without an extension too', () => {
    const names = new UniqueFilenames();
    names.claim('README');

    expect(names.claim('README')).toBe('README (2)');
  });

  it('stays within the length limit when a long name gets a number', () => {
    const names = new UniqueFilenames();
    const long = safeFilename(`${'x'.repeat(500)}.pdf`, 'pdf', 1);
    names.claim(long);

    const second = names.claim(long);

    expect(second).toMatch(/^x+ \(2\)\.pdf$/);
    expect(Buffer.byteLength(second)).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
  });
});
