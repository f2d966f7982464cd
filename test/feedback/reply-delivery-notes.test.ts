import { ClearfactsClient } from '../../functions/clearfacts/clearfacts-client';
import { replyDocuments } from '../../functions/feedback/document-fate';
import type { ReplyLanguage } from '../../functions/feedback/feedback-settings';
import {
  AS_CLEARFACTS,
  type ClearfactsStandIn,
  forFilename,
  refusedUpload,
  STORE_THEN_CUT,
  startClearfactsStandIn,
} from '../support/clearfacts-stand-in';
import { composeMail } from '../support/compose-mail';
import { type InvoiceFacts, invoicePdf, invoiceXml } from '../support/invoice-documents';
import { minimalPdf } from '../support/minimal-pdf';
import { parseReply, ReplyPipeline } from '../support/reply-pipeline';

/** What each language says about a document uploaded again after an upload that got no answer. */
const POSSIBLE_REPEAT: Record<ReplyLanguage, string> = {
  en: 'invoice.pdf: delivered, and marked for your accounting office as a possible repeat: an earlier attempt got no answer from Clearfacts, so it may be there twice',
  nl: 'invoice.pdf: afgeleverd, en voor uw boekhouder gemarkeerd als mogelijke herhaling: een eerdere poging kreeg geen antwoord van Clearfacts, dus het kan er twee keer staan',
  fr: "invoice.pdf: transmis, et signalé à votre comptable comme envoi peut-être répété : une tentative précédente n'a pas reçu de réponse de Clearfacts, il peut donc s'y trouver deux fois",
  de: 'invoice.pdf: übermittelt und für Ihr Steuerbüro als mögliche Wiederholung markiert: ein früherer Versuch blieb ohne Antwort von Clearfacts, daher kann es dort doppelt vorliegen',
};

const FACTS: InvoiceFacts = {
  supplierVat: 'BE0202239951',
  customerVat: 'BE0123456749',
  number: 'INV-301',
  issueDate: '2026-11-02',
  amount: '121.00',
};

let standIn: ClearfactsStandIn;

beforeAll(async () => {
  standIn = await startClearfactsStandIn();
});

afterAll(async () => {
  await standIn.close();
});

beforeEach(() => {
  standIn.respondAlways(AS_CLEARFACTS);
});

/** The pipeline with replies on, uploading to the stand-in through the real client. */
function pipelineIn(language: ReplyLanguage): ReplyPipeline {
  const client = new ClearfactsClient({ apiUrl: standIn.url, token: () => 'reply-test-token' });
  return new ReplyPipeline({
    config: { defaults: { feedback: 'acknowledge', language } },
    uploadFile: (request) => client.uploadFile(request),
  });
}

describe('the reply about an upload that may have landed twice', () => {
  it('says nothing of the kind when the first upload was answered (positive control)', async () => {
    const pipeline = pipelineIn('en');
    const pdf = minimalPdf('Answered at once');
    const report = await pipeline.deliver(
      await composeMail({ subject: 'Invoice', attachments: [{ filename: 'invoice.pdf', content: pdf }] }),
    );
    expect(replyDocuments(report)).toEqual([{ name: 'invoice.pdf', fate: 'delivered', pages: 1 }]);
    expect((await parseReply(pipeline.replies[0])).text).not.toContain('twice');
  });

  it.each(Object.keys(POSSIBLE_REPEAT) as ReplyLanguage[])(
    'says in %s that the document may be there twice',
    async (language) => {
      const pipeline = pipelineIn(language);
      const pdf = minimalPdf(`Cut in ${language}`);
      const raw = await composeMail({
        subject: 'Invoice',
        attachments: [{ filename: 'invoice.pdf', content: pdf }],
      });
      standIn.respondWith(STORE_THEN_CUT);

      const unanswered = await pipeline.deliver(raw, { messageId: `cut-${language}` });
      expect(unanswered.outcome).toBe('retrying');
      expect(pipeline.replies).toHaveLength(0);

      pipeline.advance(60_000);
      const report = await pipeline.deliver(raw, { messageId: `cut-${language}`, receiveCount: 2 });
      expect(report.deliveries[0]?.uploads[0]).toMatchObject({ status: 'uploaded', possibleRepeat: true });
      expect(standIn.uploads.filter((upload) => Buffer.from(upload.file.bytes).equals(pdf))).toHaveLength(2);
      expect(pipeline.replies).toHaveLength(1);
      expect((await parseReply(pipeline.replies[0])).text).toContain(POSSIBLE_REPEAT[language]);
    },
  );
});

describe('the reply about an invoice XML refused for good', () => {
  it('lists the PDF sent in its place as delivered, and does not call the message failed', async () => {
    const pipeline = pipelineIn('en');
    standIn.respondAlways(forFilename('INV-301.xml', refusedUpload('The e-invoice could not be processed.')));
    const report = await pipeline.deliver(
      await composeMail({
        subject: 'Invoice INV-301',
        attachments: [
          { filename: 'INV-301.xml', content: invoiceXml(FACTS), contentType: 'application/xml' },
          { filename: 'INV-301.pdf', content: await invoicePdf(FACTS) },
        ],
      }),
    );

    expect(report.outcome).toBe('delivered');
    expect(replyDocuments(report)).toEqual([{ name: 'INV-301.pdf', fate: 'delivered', pages: 1 }]);
    const reply = await parseReply(pipeline.replies[0]);
    expect(reply.subject).toBe('Received: Invoice INV-301');
    expect(reply.text).toContain('INV-301.pdf: delivered (1 page)');
    expect(reply.text).not.toContain('INV-301.xml');
  });
});
