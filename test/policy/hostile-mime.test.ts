import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { processBatch, type QueueRecord } from '../../functions/ingest/process-batch';
import { parseMessage } from '../../functions/mail/parse-message';
import {
  MAX_HEADER_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_MIME_DEPTH,
  MAX_MIME_PARTS,
} from '../../functions/shared/limits';
import { MAX_UNPACKED_FILES } from '../../functions/unpack/unpack-limits';
import { composeMail } from '../support/compose-mail';
import { ACME, MemoryPipeline } from '../support/memory-pipeline';
import { minimalPdf } from '../support/minimal-pdf';
import { sesNotification, snsEnvelope } from '../support/ses-events';

const HEAD =
  'From: billing@supplier.example.be\r\nTo: acme@invoices.example.com\r\nSubject: Factuur\r\nMIME-Version: 1.0\r\n';
const pdf64 = minimalPdf('Hostile MIME').toString('base64');

/** How a level names its boundary: plainly, or in RFC 2231's extended and continued forms. */
const BOUNDARY_PARAMETER = {
  plain: (boundary: string) => `boundary="${boundary}"`,
  extended: (boundary: string) => `boundary*=utf-8''${boundary}`,
  continued: (boundary: string) => `boundary*0="${boundary.slice(0, 1)}"; boundary*1="${boundary.slice(1)}"`,
};

function nested(depth: number, form: keyof typeof BOUNDARY_PARAMETER = 'plain'): Buffer {
  let body = `Content-Type: application/pdf; name="deep.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${pdf64}\r\n`;
  for (let level = depth; level > 0; level -= 1) {
    const parameter = BOUNDARY_PARAMETER[form](`d${level}`);
    body = `Content-Type: multipart/mixed; ${parameter}\r\n\r\n--d${level}\r\n${body}\r\n--d${level}--\r\n`;
  }
  return Buffer.from(HEAD + body);
}

/** Hostile messages, and for those over a limit the words their failed report must give. */
const HOSTILE: ReadonlyArray<readonly [string, () => Buffer, RegExp | undefined]> = [
  ['no bytes at all', () => Buffer.alloc(0), undefined],
  ['random binary', () => randomBytes(64 * 1024), undefined],
  ['no headers, only a body', () => Buffer.from('\r\n\r\njust some text\r\n'), undefined],
  [
    'a boundary that never comes',
    () =>
      Buffer.from(
        `${HEAD}Content-Type: multipart/mixed; boundary="never"\r\n\r\n--other\r\n\r\n${pdf64}\r\n`,
      ),
    undefined,
  ],
  [
    'a multipart that never closes',
    () =>
      Buffer.from(
        `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: application/pdf\r\n` +
          `Content-Transfer-Encoding: base64\r\n\r\n${pdf64.slice(0, 200)}`,
      ),
    undefined,
  ],
  [
    'broken base64',
    () =>
      Buffer.from(
        `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: application/pdf; name="x.pdf"\r\n` +
          `Content-Transfer-Encoding: base64\r\n\r\n!!!!${pdf64.replace(/[A-M]/g, '*')}====\u0000\r\n--b--\r\n`,
      ),
    undefined,
  ],
  [
    'NUL bytes everywhere',
    () => Buffer.from(`${HEAD}\r\n`.replace(/:/g, ':\u0000') + '\u0000'.repeat(10_000)),
    undefined,
  ],
  [
    `multipart nested ${MAX_MIME_DEPTH + 8} deep`,
    () => nested(MAX_MIME_DEPTH + 8),
    /more than 32 levels deep/,
  ],
  [
    `multipart nested ${MAX_MIME_DEPTH + 8} deep with RFC 2231 boundary*=`,
    () => nested(MAX_MIME_DEPTH + 8, 'extended'),
    /more than 32 levels deep/,
  ],
  [
    `multipart nested ${MAX_MIME_DEPTH + 8} deep with RFC 2231 boundary*0= continuations`,
    () => nested(MAX_MIME_DEPTH + 8, 'continued'),
    /more than 32 levels deep/,
  ],
  [
    `more than ${MAX_MIME_PARTS} parts`,
    () =>
      Buffer.from(
        `${HEAD}Content-Type: multipart/mixed; boundary="p"\r\n\r\n${'--p\r\nContent-Type: text/plain\r\n\r\nx\r\n'.repeat(
          MAX_MIME_PARTS + 10,
        )}--p--\r\n`,
      ),
    /more than 1000 MIME parts/,
  ],
  [
    'a header line over the header limit',
    () => Buffer.from(`${HEAD}X-Long: ${'a'.repeat(MAX_HEADER_BYTES + 10)}\r\n\r\nbody`),
    /header size limit/,
  ],
  [
    'a header folded a hundred thousand times',
    () => Buffer.from(`${HEAD}X-Folded: a${'\r\n b'.repeat(100_000)}\r\n\r\nbody`),
    /header size limit/,
  ],
  ['a message over SES’s 40 MB', () => Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x61), /larger than 40 MB/],
];

function record(messageId: string): QueueRecord {
  const body = snsEnvelope(sesNotification({ messageId, recipients: [ACME], bucket: 'mail-bucket' }));
  return { messageId: `sqs-${messageId}`, body, receiveCount: 1 };
}

describe('hostile MIME', () => {
  it.each(['extended', 'continued'] as const)(
    'reads an RFC 2231 %s boundary as the parser does (positive control: a shallow one delivers)',
    async (form) => {
      const report = await new MemoryPipeline().process(nested(3, form));
      expect(report).toMatchObject({
        outcome: 'delivered',
        documents: [expect.objectContaining({ filename: 'deep.pdf' })],
      });
    },
  );

  it.each(HOSTILE)('gives %s a report with a reason, never an exception', async (_what, build, reason) => {
    const pipeline = new MemoryPipeline();
    const report = await pipeline.process(build());

    if (reason === undefined) {
      // Whatever the parser made of it, the report says what happened to every document.
      expect(['failed', 'no-documents', 'delivered']).toContain(report.outcome);
      if (report.outcome === 'failed') expect(report.error).toEqual(expect.any(String));
    } else {
      expect(report).toMatchObject({ outcome: 'failed', error: expect.stringMatching(reason) });
    }
  });

  it('processes the good messages of a batch full of hostile ones, and reports on every one', async () => {
    const pipeline = new MemoryPipeline();
    const good = await composeMail({
      subject: 'Factuur 2026-301',
      attachments: [{ filename: 'factuur-2026-301.pdf', content: minimalPdf('Between hostile ones') }],
    });
    const messages: [string, Buffer][] = [
      ['good-first', good],
      ...HOSTILE.map(([_what, build], index): [string, Buffer] => [`hostile-${index}`, build()]),
      ['good-last', Buffer.from(good.toString('latin1').replace('2026-301', '2026-302'), 'latin1')],
    ];
    for (const [id, raw] of messages) pipeline.raw.set(`inbound/${id}`, raw);

    const results = await processBatch(
      messages.map(([id]) => record(id)),
      pipeline.deps,
    );

    expect(results.map((result) => result.status)).toEqual(messages.map(() => 'done'));
    expect([...pipeline.reports.keys()].sort()).toEqual(messages.map(([id]) => id).sort());
    expect(pipeline.reports.get('good-first')?.outcome).toBe('delivered');
    expect(pipeline.reports.get('good-last')?.outcome).toBe('delivered');
    expect(
      pipeline.reports.get(`hostile-${HOSTILE.findIndex(([what]) => what.includes('deep'))}`)?.error,
    ).toContain(`more than ${MAX_MIME_DEPTH} levels deep`);
  });

  it('refuses deep nesting before parsing, from a stream as from a buffer', async () => {
    await expect(parseMessage(nested(990))).rejects.toThrow(/levels deep/);

    // Work, not time: the stream is stopped long before its end, so the parser never gets to it.
    const raw = nested(990);
    const CHUNK = 1024;
    let pulled = 0;
    const source = Readable.from(
      (function* chunks() {
        for (let at = 0; at < raw.length; at += CHUNK) {
          pulled += 1;
          yield raw.subarray(at, at + CHUNK);
        }
      })(),
    );
    await expect(parseMessage(source)).rejects.toThrow(/levels deep/);
    // 69 chunks in all; the 33rd level opens within the first 3 KB.
    expect(Math.ceil(raw.length / CHUNK)).toBe(69);
    expect(pulled).toBeLessThanOrEqual(4);
  });

  it('still reads the nesting real mail has', async () => {
    const parsed = await parseMessage(nested(MAX_MIME_DEPTH));
    expect(parsed.attachments.map((attachment) => attachment.filename)).toEqual(['deep.pdf']);
  });

  it('bounds the documents of forwards of many parts by the message-wide allowance', async () => {
    const inner = (i: number) =>
      `From: a@b.example\r\nSubject: inner ${i}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=i\r\n\r\n` +
      Array.from(
        { length: 200 },
        (_, k) => `--i\r\nContent-Type: application/octet-stream; name=n${k}.bin\r\n\r\nx${k}\r\n`,
      ).join('') +
      '--i--\r\n';
    const forwards = Array.from(
      { length: 20 },
      (_, i) =>
        `--o\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n${inner(i)}\r\n`,
    ).join('');
    const pipeline = new MemoryPipeline();

    const report = await pipeline.process(
      Buffer.from(`${HEAD}Content-Type: multipart/mixed; boundary=o\r\n\r\n${forwards}--o--\r\n`),
    );

    expect(report.documents.length).toBeLessThanOrEqual(MAX_UNPACKED_FILES + 20);
    expect(report.documents.some((document) => document.reason?.includes('files unpacked per message'))).toBe(
      true,
    );
  });
});
