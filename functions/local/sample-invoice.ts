import type { SendMailOptions } from 'nodemailer';
import type { Config } from '../config/config-schema';
import { ConfigError } from '../shared/errors';
import { textPdf } from './text-pdf';

/** Who the sample invoice comes from: a supplier that does not exist. */
export const SAMPLE_SENDER = 'Supplier BV <billing@supplier.example.be>';

/**
 * Where `npm run send` delivers by default: the purchase convention address of the config's
 * first mailbox's company (`purchase-0123456749@invoices.example.com` for the example config),
 * or that mailbox itself when convention addresses are off.
 */
export function defaultRecipient(config: Config): string {
  const first = config.mailboxes[0];
  if (first === undefined) {
    throw new ConfigError('The config lists no mailbox to send the sample to: pass --to <address>');
  }
  const local = config.conventionAddresses ? `purchase-${first.companyNumber}` : first.address.split('@')[0];
  return `${local}@${config.domain}`;
}

/**
 * A supplier's email with a generated one-page PDF invoice. The invoice number comes from the
 * clock, so every sample is a different document (a repeat is not a duplicate).
 */
export function sampleInvoiceMessage(to: string, now: Date): SendMailOptions & { filename: string } {
  const number = `LOCAL-${now.toISOString().replace(/\D/g, '').slice(0, 14)}`;
  const date = now.toISOString().slice(0, 10);
  const filename = `invoice-${number}.pdf`;
  const pdf = textPdf([
    'Supplier BV - Voorbeeldstraat 1, 2000 Antwerpen',
    '',
    `INVOICE ${number}`,
    `Date: ${date}`,
    `Customer: ${to}`,
    '',
    '1 x  Bread and pastries, weekly delivery       100.00 EUR',
    '     VAT 6%                                      6.00 EUR',
    '     Total                                     106.00 EUR',
    '',
    'A sample sent by `npm run send` to the local inbox.',
  ]);
  return {
    filename,
    from: SAMPLE_SENDER,
    to,
    subject: `Invoice ${number}`,
    text: `Dear customer,\n\nPlease find invoice ${number} attached.\n\nKind regards,\nSupplier BV\n`,
    attachments: [{ filename, content: pdf, contentType: 'application/pdf' }],
  };
}
