import { encode as encodeJpeg } from 'jpeg-js';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { PNG } from 'pngjs';
import { textPdf } from '../../functions/local/text-pdf';
import { BENCH_RECIPIENT, BENCH_SENDER } from './bench-config';
import { scannedPdf } from './scanned-pdf';
import { SeededBytes } from './seeded-bytes';

/** Base64 in 76-character lines with CRLF: 78 bytes of mail for every 57 bytes of attachment. */
const BASE64_GROWTH = 78 / 57;
const KB = 1024;
const MB = 1024 * 1024;

/** One message of the corpus, with how many documents the pipeline should upload from it. */
export interface CorpusMessage {
  readonly name: string;
  readonly description: string;
  readonly raw: Buffer;
  readonly documents: number;
}

/**
 * The benchmark's messages, the same bytes on every run and machine (seeded random data, fixed
 * dates, boundaries and ids): from a 20 KB note to a message just under SES's 40 MB limit.
 */
export async function buildCorpus(): Promise<CorpusMessage[]> {
  const random = new SeededBytes('clearfacts-mail-ingest bench corpus v1');
  const attachmentBytes = (mailBytes: number, overhead: number): number =>
    Math.floor((mailBytes - overhead) / BASE64_GROWTH);
  const pdf = (size: number, label: string): Mail.Attachment => ({
    filename: `${label}.pdf`,
    content: scannedPdf(random, size, label),
    contentType: 'application/pdf',
  });

  const photo = jpegPhoto(random, 1000, 800);
  const several = attachmentBytes(20 * MB, 8 * KB) - photo.length;
  const max = attachmentBytes(39 * MB, 8 * KB);
  return [
    await message(random, 'small-20kb', 'a 20 KB mail with one small PDF', 1, {
      text: 'Dear customer,\n\nPlease find our invoice attached.\n\nKind regards,\nSupplier BV\n',
      attachments: [pdf(attachmentBytes(20 * KB, 2 * KB), 'invoice-2026-0001')],
    }),
    await message(random, 'typical-300kb', 'a typical invoice mail: HTML body, logo, one PDF', 1, {
      html: invoiceHtml(),
      attachments: [
        {
          filename: 'logo.png',
          content: logoPng(random),
          cid: 'logo@supplier',
          contentDisposition: 'inline',
        },
        pdf(attachmentBytes(300 * KB, 18 * KB), 'invoice-2026-0002'),
      ],
    }),
    await message(random, 'scan-5mb', 'one 5 MB scanned PDF', 1, {
      text: 'Scanned document attached.\n',
      attachments: [pdf(5 * MB, 'scan-2026-0003')],
    }),
    await message(random, 'several-20mb', 'a 20 MB mail: three scans and a photo', 4, {
      text: 'The invoices of this month, and a photo of the receipt.\n',
      attachments: [
        pdf(Math.floor(several * 0.45), 'scan-2026-0004'),
        pdf(Math.floor(several * 0.3), 'scan-2026-0005'),
        pdf(Math.floor(several * 0.25), 'scan-2026-0006'),
        { filename: 'receipt.jpg', content: photo, contentType: 'image/jpeg' },
      ],
    }),
    await message(random, 'ses-max-39mb', 'a 39 MB mail (SES takes 40 MB): three 10 MB scans', 3, {
      text: 'Three large scans.\n',
      attachments: [0, 1, 2].map((index) => pdf(Math.floor(max / 3), `scan-2026-001${index}`)),
    }),
    await message(random, 'fifty-attachments', 'one message with 50 small PDFs', 50, {
      text: 'Fifty receipts of this month.\n',
      attachments: Array.from({ length: 50 }, (_, index) => ({
        filename: `receipt-${String(index + 1).padStart(2, '0')}.pdf`,
        content: textPdf([`Supplier BV - receipt ${index + 1}`, `Amount: ${10 + index}.00 EUR`]),
        contentType: 'application/pdf',
      })),
    }),
  ];
}

/** A small invoice mail with its own PDF, distinct for every `index`: the throughput burst's messages. */
export function burstMessage(index: number): Promise<Buffer> {
  const random = new SeededBytes(`clearfacts-mail-ingest bench burst ${index}`);
  return compose(random, {
    subject: `Invoice 2026-B${index}`,
    text: 'Dear customer,\n\nPlease find our invoice attached.\n',
    attachments: [
      {
        filename: `invoice-2026-b${index}.pdf`,
        content: scannedPdf(random, 12 * KB, `invoice 2026-B${index}`),
        contentType: 'application/pdf',
      },
    ],
  });
}

async function message(
  random: SeededBytes,
  name: string,
  description: string,
  documents: number,
  options: Mail.Options,
): Promise<CorpusMessage> {
  return {
    name,
    description,
    documents,
    raw: await compose(random, { subject: `Bench ${name}`, ...options }),
  };
}

/** A real MIME message from nodemailer's MailComposer, with every random choice seeded. */
function compose(random: SeededBytes, options: Mail.Options): Promise<Buffer> {
  const seeded = { baseBoundary: random.hex(16) } as Mail.Options;
  return new MailComposer({
    from: BENCH_SENDER,
    to: BENCH_RECIPIENT,
    date: new Date('2026-11-20T09:14:02Z'),
    messageId: `<${random.hex(24)}@supplier.example.be>`,
    ...seeded,
    ...options,
  })
    .compile()
    .build();
}

/** A small noisy PNG, the size of a signature logo (skipped as decoration by the pipeline). */
function logoPng(random: SeededBytes): Buffer {
  const png = new PNG({ width: 48, height: 48 });
  random.bytes(png.data.length).copy(png.data);
  for (let alpha = 3; alpha < png.data.length; alpha += 4) png.data[alpha] = 255;
  return PNG.sync.write(png);
}

/** A phone photo's worth of JPEG (noise, so it does not compress), real enough for any decoder. */
function jpegPhoto(random: SeededBytes, width: number, height: number): Buffer {
  const data = random.bytes(width * height * 4);
  return Buffer.from(encodeJpeg({ data, width, height }, 85).data);
}

/** The HTML body of a typical supplier mail: a header with the logo, a table, a footer. */
function invoiceHtml(): string {
  const rows = Array.from(
    { length: 40 },
    (_, index) =>
      `<tr><td>Item ${index + 1}: weekly delivery of bread and pastries</td><td style="text-align:right">${(12.5 + index).toFixed(2)} EUR</td></tr>`,
  ).join('\n');
  return `<!doctype html><html><body style="font-family:Arial,sans-serif">
<p><img src="cid:logo@supplier" alt="Supplier BV" width="48" height="48"></p>
<p>Dear customer,</p><p>Please find attached invoice 2026-0002. Summary:</p>
<table>${rows}</table>
<p>Payment within 30 days to BE71 0961 2345 6769, reference +++090/9337/55493+++.</p>
<p>Kind regards,<br>Supplier BV &middot; Voorbeeldstraat 1 &middot; 2000 Antwerpen</p>
</body></html>`;
}
