import { MAX_FILENAME_BYTES, safeFilename } from '../../functions/mail/safe-filename';

describe('safe filenames', () => {
  it('keeps an ordinary name as it is', () => {
    expect(safeFilename('Factuur 2026-014.pdf', 'pdf', 1)).toBe('Factuur 2026-014.pdf');
  });

  it('turns path separators into underscores and drops . and .. segments', () => {
    expect(safeFilename('../../etc/passwd.pdf', 'pdf', 1)).toBe('etc_passwd.pdf');
    expect(safeFilename('..\\..\\Windows\\factuur.pdf', 'pdf', 1)).toBe('Windows_factuur.pdf');
    expect(safeFilename('facturen/2026/./maart.pdf', 'pdf', 1)).toBe('facturen_2026_maart.pdf');
  });

  it('replaces characters Windows refuses in names', () => {
    expect(safeFilename('C:\\Users\\jan\\factuur?.pdf', 'pdf', 1)).toBe('C__Users_jan_factuur_.pdf');
  });

  it('removes NUL and other control characters and collapses whitespace', () => {
    expect(safeFilename('fac\u0000tuur\r\n\t  2026\u0085.pdf', 'pdf', 1)).toBe('fac tuur 2026.pdf');
  });

  it('removes bidi overrides and isolates that disguise the extension', () => {
    const disguised = 'invoice\u202efdp.exe';
    expect(safeFilename(disguised, 'pdf', 1)).toBe('invoicefdp.exe.pdf');
    expect(safeFilename('a\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069b.pdf', 'pdf', 1)).toBe('ab.pdf');
  });

  it('drops leading dots (hidden files) and trailing dots and spaces (lost on Windows)', () => {
    expect(safeFilename('.hidden.pdf', 'pdf', 1)).toBe('hidden.pdf');
    expect(safeFilename('factuur.pdf. . ', 'pdf', 1)).toBe('factuur.pdf');
  });

  it('shortens a 10,000 character name to the byte limit and keeps the extension', () => {
    const name = safeFilename(`${'a'.repeat(10_000)}.pdf`, 'pdf', 1);

    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
    expect(name).toMatch(/^a+\.pdf$/);
  });

  it('never cuts a multibyte character in half when shortening', () => {
    const name = safeFilename(`${'é'.repeat(5_000)}🧾${'ü'.repeat(5_000)}.pdf`, 'pdf', 1);

    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
    expect(name).not.toContain('\ufffd');
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('cleans a huge name of dots and spaces in linear time', () => {
    const name = `${'. '.repeat(50_000)}x${'. '.repeat(50_000)}`;
    const started = performance.now();

    expect(safeFilename(name, 'pdf', 1)).toMatch(/\.pdf$/);
    // A backtracking /[.\s]+$/ would need billions of steps here.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('falls back to attachment-<n> with the extension of the detected type when nothing is left', () => {
    expect(safeFilename(undefined, 'pdf', 3)).toBe('attachment-3.pdf');
    expect(safeFilename('', 'jpeg', 4)).toBe('attachment-4.jpg');
    expect(safeFilename('  \u0000 \u202e ', 'invoice-xml', 5)).toBe('attachment-5.xml');
    expect(safeFilename('../..', 'message', 6)).toBe('attachment-6.eml');
  });

  it('appends the detected extension when the name has none', () => {
    expect(safeFilename('factuur', 'pdf', 1)).toBe('factuur.pdf');
    expect(safeFilename('screenshot', 'png', 1)).toBe('screenshot.png');
  });

  it('appends the right extension to an upload whose extension lies', () => {
    expect(safeFilename('scan.jpg', 'pdf', 1)).toBe('scan.jpg.pdf');
    expect(safeFilename('photo.JPEG', 'jpeg', 1)).toBe('photo.JPEG');
    expect(safeFilename('invoice.ubl', 'invoice-xml', 1)).toBe('invoice.ubl.xml');
  });

  it('leaves the extension of a file that is not uploaded alone', () => {
    expect(safeFilename('report.xlsx', 'zip', 1)).toBe('report.xlsx');
  });

  it('normalises decomposed accents (as macOS sends them) to composed ones', () => {
    expect(safeFilename('Fa\u0308ktu\u0308r.pdf', 'pdf', 1)).toBe('F\u00e4kt\u00fcr.pdf');
  });
});
