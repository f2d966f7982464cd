import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { formatReport } from '../../functions/cli/format-report';
import { MAX_FILENAME_BYTES } from '../../functions/mail/safe-filename';
import { composeMail } from '../support/compose-mail';
import { ACME, BUCKET, type IngestHarness, useIngestHarness } from '../support/ingest-harness';
import { minimalPdf } from '../support/minimal-pdf';

/** Characters a safe name never holds: separators, controls, bidi overrides and invisible marks. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNSAFE = /[/\\\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b\ufeff]/;
/** What the report and logs may keep of a declared name: no controls, bidi or invisible marks. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b\ufeff]/;

const LONG = `${'x'.repeat(10_000)}.pdf`;
const NASTY = [
  '../../../etc/passwd.pdf',
  '..\\..\\Windows\\System32\\invoice.pdf',
  'factuur\u0000\u0007\u001b[31m\r\nX-Injected: yes.pdf',
  'invoice\u202efdp.exe',
  '\u2066evil\u2069\u200b.pdf',
  LONG,
  '....',
] as const;

let harness: IngestHarness;
useIngestHarness((started) => {
  harness = started;
});

describe('nasty filenames, through the whole path', () => {
  it('reach Clearfacts, the report, the logs and S3 only as safe names', async () => {
    const raw = await composeMail({
      subject: 'Nasty names',
      attachments: NASTY.map((filename, index) => ({
        filename,
        contentType: 'application/pdf',
        content: minimalPdf(`Nasty name ${index}`),
      })),
    });
    await harness.storeMessage('msg-nasty-names', raw);

    const { result, output } = await harness.invoke([harness.record('msg-nasty-names', [ACME])]);

    expect(result.batchItemFailures).toEqual([]);
    const report = await harness.readReport('msg-nasty-names');
    expect(report.outcome).toBe('delivered');

    // Clearfacts: every document arrived, under a safe name, in the variables and the multipart part.
    const uploads = harness.clearfacts.uploads.filter((upload) =>
      /Nasty name/.test(Buffer.from(upload.file.bytes).toString('latin1')),
    );
    expect(uploads).toHaveLength(NASTY.length);
    for (const upload of uploads) {
      for (const name of [upload.filename as string, upload.file.name]) {
        expect(name).not.toMatch(UNSAFE);
        expect(name).not.toMatch(/^\./);
        expect(name).toMatch(/\.pdf$/);
        expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
      }
    }
    expect(uploads.map((upload) => upload.filename)).toEqual(
      expect.arrayContaining(['etc_passwd.pdf', 'Windows_System32_invoice.pdf', 'invoicefdp.exe.pdf']),
    );

    // The report: safe names, and the declared ones cleaned and cut.
    for (const document of report.documents) {
      expect(document.filename).not.toMatch(UNSAFE);
      expect(document.originalFilename ?? '').not.toMatch(UNSAFE_TEXT);
      expect(Buffer.byteLength(document.originalFilename ?? '')).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
    }
    for (const line of formatReport(report)) expect(line).not.toMatch(UNSAFE_TEXT);
    // The 10,000-character name is kept as a cut, not whole.
    expect(report.documents.some((document) => document.originalFilename?.endsWith('…'))).toBe(true);

    // The logs (Powertools' JSON lines): no raw control or bidi characters, no 10,000-character name.
    expect(output).toContain('document uploaded');
    expect(output).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b]/);
    expect(output).not.toContain('\u001b');
    expect(output).not.toContain('x'.repeat(MAX_FILENAME_BYTES + 1));

    // S3: names never become keys.
    const listed = await harness.s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    const keys = (listed.Contents ?? []).map((object) => object.Key ?? '');
    expect(keys.filter((key) => key.includes('msg-nasty-names'))).toEqual([
      'inbound/msg-nasty-names',
      'reports/msg-nasty-names.json',
    ]);
    expect(keys.every((key) => /^(inbound|reports)\/[\w.-]+$/.test(key))).toBe(true);
  });
});
