import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';

/** Builds a real RFC 5322 message with nodemailer's MailComposer. */
export function composeMail(options: Mail.Options): Promise<Buffer> {
  return new MailComposer({
    from: 'Supplier BV <billing@supplier.example.be>',
    to: 'client@acme.example.be',
    date: new Date('2026-11-20T09:14:02Z'),
    ...options,
  })
    .compile()
    .build();
}
