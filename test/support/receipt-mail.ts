import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeMail } from './compose-mail';
import { noisePng } from './noise-png';

/** The parking receipt's shop and amount, as its HTML shows them. */
export const RECEIPT_SHOP = 'Parking Meir Antwerpen';
export const RECEIPT_AMOUNT = '€ 7,50';

/** The logo's size: distinctive, so the test finds exactly this image in the PDF. */
export const LOGO_WIDTH = 97;
export const LOGO_HEIGHT = 31;

const HTML_FIXTURES = join(__dirname, '..', 'fixtures', 'html');

/** An HTML fixture, with its remote URLs pointing at `remoteHost`. */
export function htmlFixture(name: string, remoteHost = '192.0.2.1'): string {
  return readFileSync(join(HTML_FIXTURES, name), 'utf8').replaceAll('REMOTE_HOST', remoteHost);
}

/**
 * The parking receipt as a mail without attachments: the HTML body (remote images on
 * `remoteHost`, a script, an inline handler) and its logo as a `cid:` image beside it.
 */
export function receiptMail(remoteHost: string): Promise<Buffer> {
  return composeMail({
    from: 'Parking Meir <noreply@parkeren-meir.example>',
    subject: 'Uw parkeerticket PM-2026-118842',
    text: `Parking Meir Antwerpen\nTotaal betaald: ${RECEIPT_AMOUNT}`,
    html: htmlFixture('parking-receipt.html', remoteHost),
    attachments: [
      {
        filename: 'logo.png',
        content: noisePng(LOGO_WIDTH, LOGO_HEIGHT, 7),
        cid: 'logo@parkeren-meir.example',
        contentType: 'image/png',
      },
    ],
  });
}

/** A newsletter: prices, but no invoice or receipt word. */
export function newsletterMail(): Promise<Buffer> {
  return composeMail({
    from: 'Fietsen Janssens <nieuws@fietsen-janssens.example>',
    subject: 'De lente komt eraan',
    html: htmlFixture('newsletter.html'),
  });
}
