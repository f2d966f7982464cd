import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Attachment } from 'nodemailer/lib/mailer';
import { minimalPdf } from './minimal-pdf';
import { noisePng } from './noise-png';
import { noiseBmp, noiseGif, sampleTiff } from './sample-images';
import { buildMsg } from './sample-msg';
import { buildTnef } from './sample-tnef';
import { buildZip } from './sample-zip';

/** The committed binary fixtures (HEIC, WEBP, encrypted PDFs). */
export const ATTACHMENT_FIXTURES = join(__dirname, '..', 'fixtures', 'attachments');

/** A message as clients send them: a short text and the given attachments, fixed date and id. */
export function mailWith(subject: string, attachments: Attachment[]): Promise<Buffer> {
  return new MailComposer({
    from: 'Jan Peeters <jan@client.example>',
    to: 'acme@invoices.example.com',
    subject,
    date: new Date('2026-03-02T09:15:00.000Z'),
    messageId: `<${subject.replace(/\W+/g, '-')}@fixtures.example>`,
    text: 'Zie bijlage.',
    attachments,
  })
    .compile()
    .build();
}

/** Hex sha256, to compare what was uploaded with what was attached. */
export function sha256(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A ZIP of a month's invoices, as clients send them: folders, macOS junk and two PDFs. */
export function monthZip(): Buffer {
  return buildZip([
    { name: 'maart/' },
    { name: 'maart/factuur-2026-060.pdf', content: minimalPdf('Invoice 2026-060 - in a ZIP') },
    { name: 'maart/sub/factuur-2026-061.pdf', content: minimalPdf('Invoice 2026-061 - in a ZIP subfolder') },
    { name: '__MACOSX/maart/._factuur-2026-060.pdf', content: Buffer.alloc(200, 1) },
    { name: 'maart/.DS_Store', content: Buffer.alloc(100, 2) },
  ]);
}

/** A ZIP whose single entry inflates 1000-fold to 100 MB. */
export function zipBomb(): Buffer {
  return buildZip([{ name: 'factuur.pdf', content: Buffer.alloc(100 * 1024 * 1024) }]);
}

/** One attachment of every kind the pipeline converts or unpacks, named as a client would. */
export function everyKindOfAttachment(): Attachment[] {
  const fixture = (name: string): Buffer => readFileSync(join(ATTACHMENT_FIXTURES, name));
  return [
    { filename: 'screenshot.png', content: noisePng(200, 150, 5) },
    { filename: 'scan.gif', content: noiseGif(200, 150, 6) },
    { filename: 'scan.bmp', content: noiseBmp(200, 150, 7) },
    {
      filename: 'scan-3-pages.tif',
      content: sampleTiff([
        { width: 300, height: 200 },
        { width: 200, height: 300, bilevel: true },
        { width: 100, height: 100 },
      ]),
    },
    { filename: 'IMG_0001.HEIC', content: fixture('photo.heic') },
    { filename: 'photo.webp', content: fixture('photo.webp') },
    { filename: 'screenshot.webp', content: fixture('screenshot.webp') },
    { filename: 'facturen-maart.zip', content: monthZip() },
    {
      filename: 'winmail.dat',
      contentType: 'application/ms-tnef',
      content: buildTnef([
        {
          filename: 'Factuur 2026-062.pdf',
          content: minimalPdf('Invoice 2026-062 - in winmail.dat'),
          mimeType: 'application/pdf',
        },
      ]),
    },
    {
      filename: 'Factuur 2026-063.msg',
      contentType: 'application/vnd.ms-outlook',
      content: buildMsg('Factuur 2026-063', [
        {
          filename: 'factuur-2026-063.pdf',
          content: minimalPdf('Invoice 2026-063 - in a .msg'),
          mimeType: 'application/pdf',
        },
      ]),
    },
    { filename: 'beveiligd.pdf', content: fixture('password-protected.pdf') },
  ];
}
