import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../functions/config/load-config';
import type { ComposedReply } from '../../functions/feedback/compose-reply';
import type { ReplyLanguage } from '../../functions/feedback/feedback-settings';
import { withReply } from '../../functions/feedback/reply-to-sender';
import { createMemoryReplyLedger } from '../../functions/ledger/memory-ledger';
import type { MessageReport } from '../../functions/reports/message-report';
import { MailboxRouter } from '../../functions/routing/route-recipients';
import { composeMail } from '../support/compose-mail';
import { minimalPdf } from '../support/minimal-pdf';
import { DOMAIN, header, parseReply, REPLY_FROM, ReplyPipeline, SUPPLIER } from '../support/reply-pipeline';

const ORIGINAL_ID = '<20261120091402.4821@supplier.example.be>';
const EARLIER_ID = '<20261119080000.1111@client.example.be>';
const LANGUAGES: readonly ReplyLanguage[] = ['en', 'nl', 'fr', 'de'];

/** The mail of each outcome: one supplier message, with a thread behind it. */
function mail(
  attachments: { filename: string; content: Buffer; contentType: string }[],
  text = 'See attached.',
) {
  return composeMail({
    subject: 'Invoice 2026-0042',
    messageId: ORIGINAL_ID,
    references: [EARLIER_ID],
    text,
    attachments,
  });
}

/** Just over Clearfacts' 20 MB: a PDF by its bytes, too large to send. */
function oversizedPdf(): Buffer {
  return Buffer.concat([
    Buffer.from('%PDF-1.4\n'),
    Buffer.alloc(20 * 1024 * 1024 + 1024, 0x20),
    Buffer.from('\n%%EOF\n'),
  ]);
}

/** The subject's opening, per language, of every reply that says a message was not delivered. */
const NOT_DELIVERED: Record<ReplyLanguage, string> = {
  en: 'Not delivered: ',
  nl: 'Niet afgeleverd: ',
  fr: 'Non transmis : ',
  de: 'Nicht zugestellt: ',
};

/** Per outcome: how to produce it, and what each language must say about it. */
const OUTCOMES: Record<
  string,
  {
    readonly produce: (pipeline: ReplyPipeline) => Promise<MessageReport>;
    readonly outcome: string;
    readonly subject: Record<ReplyLanguage, string>;
    readonly says: Record<ReplyLanguage, string>;
  }
> = {
  delivered: {
    produce: async (pipeline) =>
      pipeline.deliver(
        await mail([
          {
            filename: 'invoice-2026-0042.pdf',
            content: minimalPdf('Invoice 2026-0042'),
            contentType: 'application/pdf',
          },
        ]),
      ),
    outcome: 'delivered',
    subject: { en: 'Received: ', nl: 'Ontvangen: ', fr: 'Reçu : ', de: 'Erhalten: ' },
    says: {
      en: 'invoice-2026-0042.pdf: delivered (2 pages)',
      nl: "invoice-2026-0042.pdf: afgeleverd (2 pagina's)",
      fr: 'invoice-2026-0042.pdf: transmis (2 pages)',
      de: 'invoice-2026-0042.pdf: übermittelt (2 Seiten)',
    },
  },
  'no documents': {
    produce: async (pipeline) => pipeline.deliver(await mail([], 'Can we meet on Tuesday?')),
    outcome: 'no-documents',
    subject: NOT_DELIVERED,
    says: {
      en: 'Attach the invoice as a PDF, JPEG or XML e-invoice',
      nl: 'Voeg de factuur toe als PDF, JPEG of XML-e-factuur',
      fr: 'Joignez la facture en PDF, en JPEG ou en facture électronique XML',
      de: 'Hängen Sie die Rechnung als PDF, JPEG oder XML-E-Rechnung an',
    },
  },
  'password-protected': {
    produce: async (pipeline) =>
      pipeline.deliver(
        await mail([
          {
            filename: 'locked.pdf',
            content: readFileSync(join(__dirname, '../fixtures/attachments/password-protected.pdf')),
            contentType: 'application/pdf',
          },
        ]),
      ),
    outcome: 'no-documents',
    subject: NOT_DELIVERED,
    says: {
      en: 'locked.pdf: not delivered: protected with a password',
      nl: 'locked.pdf: niet afgeleverd: beveiligd met een wachtwoord',
      fr: 'locked.pdf: non transmis : protégé par un mot de passe',
      de: 'locked.pdf: nicht übermittelt: mit einem Passwort geschützt',
    },
  },
  'too large': {
    produce: async (pipeline) =>
      pipeline.deliver(
        await mail([{ filename: 'scan.pdf', content: oversizedPdf(), contentType: 'application/pdf' }]),
      ),
    outcome: 'no-documents',
    subject: NOT_DELIVERED,
    says: {
      en: 'scan.pdf: not delivered: larger than 20 MB',
      nl: 'scan.pdf: niet afgeleverd: groter dan 20 MB',
      fr: 'scan.pdf: non transmis : plus de 20 Mo',
      de: 'scan.pdf: nicht übermittelt: größer als 20 MB',
    },
  },
  'unknown mailbox': {
    produce: async (pipeline) =>
      pipeline.deliver(
        await mail([{ filename: 'lost.pdf', content: minimalPdf('Lost'), contentType: 'application/pdf' }]),
        { recipients: [`nobody@${DOMAIN}`] },
      ),
    outcome: 'unroutable',
    subject: NOT_DELIVERED,
    says: {
      en: `nobody@${DOMAIN} is not a known address`,
      nl: `nobody@${DOMAIN} is geen bekend adres`,
      fr: `l'adresse nobody@${DOMAIN} n'est pas connue`,
      de: `nobody@${DOMAIN} ist keine bekannte Adresse`,
    },
  },
  'quarantined as not allowed': {
    produce: async (pipeline) =>
      pipeline.deliver(
        await mail([
          { filename: 'invoice.pdf', content: minimalPdf('Held'), contentType: 'application/pdf' },
        ]),
        { recipients: [`peeters@${DOMAIN}`] },
      ),
    outcome: 'quarantined',
    subject: { en: 'On hold: ', nl: 'In de wacht: ', fr: 'En attente : ', de: 'Zurückgehalten: ' },
    says: {
      en: 'your message is on hold until they have reviewed it',
      nl: 'Uw bericht wacht daarom tot het kantoor het heeft nagekeken',
      fr: 'votre message est en attente de sa vérification',
      de: 'Ihre Nachricht wird daher zurückgehalten',
    },
  },
};

/**
 * Every mailbox answers everything, so that each outcome is answered (problems-only is tested apart),
 * unroutable mail included (off by default: reply-global-cap.test.ts).
 */
function configIn(language: ReplyLanguage): Record<string, unknown> {
  return {
    replies: { answerUnroutable: true },
    defaults: { feedback: 'acknowledge', language },
    mailboxes: [
      { address: 'acme', companyNumber: '0123456749' },
      { address: 'peeters', companyNumber: '0203201340', allowedSenders: ['*@bakkerij.example.be'] },
    ],
  };
}

describe.each(Object.entries(OUTCOMES))('the reply to a message that is %s', (_name, expected) => {
  const pipeline = new ReplyPipeline({ config: configIn('en') });
  let report: MessageReport;

  beforeAll(async () => {
    report = await expected.produce(pipeline);
  });

  it('is sent through the pipeline and recorded in the report', () => {
    expect(report.outcome).toBe(expected.outcome);
    expect(report.reply).toEqual({ sent: true, to: SUPPLIER, at: pipeline.now.toISOString() });
    expect(pipeline.replies).toHaveLength(1);
  });

  it.each(LANGUAGES)('says what happened in %s, with the headers of an automatic reply', async (language) => {
    const sent: ComposedReply[] = [];
    const config = parseConfig({ domain: DOMAIN, ...configIn(language) });
    const { reply: _reply, ...unanswered } = report;
    const answered = await withReply(pipeline.incoming(report), unanswered, {
      ...pipeline.deps,
      router: new MailboxRouter(config),
      feedback: {
        ...pipeline.deps.feedback,
        defaults: { feedback: 'acknowledge', language },
        sender: { send: async (reply) => void sent.push(reply) },
        replies: createMemoryReplyLedger(),
      },
    });
    expect(answered.reply).toMatchObject({ sent: true, to: SUPPLIER });

    const reply = await parseReply(sent[0]);
    expect(reply.from?.value).toEqual([{ address: REPLY_FROM, name: '' }]);
    expect(reply.to).toMatchObject({ value: [{ address: SUPPLIER }] });
    expect(reply.subject).toBe(`${expected.subject[language]}Invoice 2026-0042`);
    expect(header(reply, 'auto-submitted')).toBe('auto-replied');
    expect(header(reply, 'x-auto-response-suppress')).toBe('All');
    expect(header(reply, 'in-reply-to')).toBe(ORIGINAL_ID);
    expect(header(reply, 'references')).toBe(`${EARLIER_ID} ${ORIGINAL_ID}`);
    expect(reply.messageId).toMatch(new RegExp(`^<[0-9a-f-]{36}@${DOMAIN.replaceAll('.', '\\.')}>$`));
    expect(reply.text).toContain(expected.says[language]);
    expect(reply.text).toContain(report.messageId);
    expect(reply.html).toContain(`lang="${language}"`);
    expect(reply.html).toContain('Invoice 2026-0042');
  });
});
