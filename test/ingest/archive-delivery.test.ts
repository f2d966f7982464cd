import { ClearfactsClient } from '../../functions/clearfacts/clearfacts-client';
import { formatReport } from '../../functions/cli/format-report';
import { processMessage } from '../../functions/ingest/process-message';
import type { MessageReport } from '../../functions/reports/message-report';
import { type ClearfactsStandIn, startArchiveStandIn } from '../support/clearfacts-stand-in';
import { composeMail } from '../support/compose-mail';
import { type Arrival, DOMAIN, MemoryPipeline } from '../support/memory-pipeline';
import { minimalPdf } from '../support/minimal-pdf';

const TOKEN = `cfTEST${'d3Lv'.repeat(18)}ARCHIV`;
const ACME = '0123456749';
const PEETERS = '0203201340';
const CONTRACTS = { id: 'f5c3d05a-2d05-4329-ae31-3f144bfbeb41', name: 'Contracten' };
const OTHER = { id: 'cb29ce32-2dca-11e8-9a15-000c2985a2fd', name: 'Other' };
const ALLOWED = 'boekhouding@peeters.example.be';
const STRANGER = 'facturen@fraud.example';

let standIn: ClearfactsStandIn;

beforeAll(async () => {
  standIn = await startArchiveStandIn(TOKEN, {
    acme: { various: [CONTRACTS, OTHER], permanent: [] },
    peeters: { various: [OTHER], permanent: [] },
  });
});

afterAll(() => standIn.close());

/** The in-memory pipeline with its uploads going to the stand-in through the real client. */
function pipelineWith(config: Record<string, unknown>) {
  const memory = new MemoryPipeline(config);
  const uploader = new ClearfactsClient({ apiUrl: standIn.url, token: () => TOKEN, sleep: async () => {} });
  const deps = { ...memory.deps, uploader };
  return {
    process: (raw: Buffer, arrival: Arrival): Promise<MessageReport> =>
      processMessage(memory.incoming(raw, arrival), deps),
  };
}

const ARCHIVE_CONFIG = {
  defaults: { archive: { type: 'VARIOUS', category: 'Other' } },
  mailboxes: [
    { address: 'acme', companyNumber: ACME },
    { address: 'acme-contracts', companyNumber: ACME, archive: { type: 'VARIOUS', category: 'Contracten' } },
    {
      address: 'acme-missing',
      companyNumber: ACME,
      archive: { type: 'VARIOUS', category: 'Bankafschriften' },
    },
    { address: 'peeters', companyNumber: PEETERS, allowedSenders: [ALLOWED] },
  ],
};

function letter(from: string, name: string, text = name): Promise<Buffer> {
  return composeMail({
    from,
    subject: name,
    attachments: [{ filename: `${name}.pdf`, content: minimalPdf(text) }],
  });
}

function uploadsSince(count: number) {
  return standIn.uploads.slice(count);
}

describe('archive addresses upload with uploadArchiveFile', () => {
  it('a listed archive mailbox: the document reaches the stand-in through the archive mutation with the resolved category id', async () => {
    const before = standIn.uploads.length;
    const pdf = await letter('verhuurder@example.be', 'huurcontract');
    const report = await pipelineWith(ARCHIVE_CONFIG).process(pdf, {
      recipients: [`acme-contracts@${DOMAIN}`],
    });

    expect(report.outcome).toBe('delivered');
    const landed = uploadsSince(before);
    expect(landed).toEqual([
      expect.objectContaining({
        companyNumber: ACME,
        filename: 'huurcontract.pdf',
        mutation: 'uploadArchiveFile',
        archive: { type: 'VARIOUS', categoryId: CONTRACTS.id, categoryName: 'Contracten' },
      }),
    ]);
    expect(Buffer.from(landed[0]?.file.bytes ?? []).toString('latin1')).toContain('huurcontract');
    expect(report.deliveries).toEqual([
      expect.objectContaining({
        mailbox: `acme-contracts@${DOMAIN}`,
        invoiceType: 'ARCHIVE',
        archive: { type: 'VARIOUS', category: 'Contracten' },
        uploads: [expect.objectContaining({ status: 'uploaded', uuid: landed[0]?.uuid })],
      }),
    ]);
    expect(report.recipients).toEqual([
      expect.objectContaining({
        invoiceType: 'ARCHIVE',
        archive: { type: 'VARIOUS', category: 'Contracten' },
      }),
    ]);
    expect(formatReport(report)).toContain(
      `  recipient acme-contracts@${DOMAIN} → acme-contracts@${DOMAIN} (company ${ACME}, ARCHIVE various/Contracten)`,
    );
  });

  it.each(['archive', 'archief', 'archives'])(
    'the convention address %s-<companyNumber> uploads to the default archive category',
    async (prefix) => {
      const before = standIn.uploads.length;
      const report = await pipelineWith(ARCHIVE_CONFIG).process(
        await letter('bank@example.be', `afschrift-${prefix}`),
        { recipients: [`${prefix}-${ACME}@${DOMAIN}`] },
      );
      expect(report.outcome).toBe('delivered');
      expect(uploadsSince(before)).toEqual([
        expect.objectContaining({
          mutation: 'uploadArchiveFile',
          archive: { type: 'VARIOUS', categoryId: OTHER.id, categoryName: 'Other' },
        }),
      ]);
    },
  );

  it('the same PDF to purchase- and archive- goes to both, and again to neither', async () => {
    const pipeline = pipelineWith(ARCHIVE_CONFIG);
    const recipients = [`purchase-${ACME}@${DOMAIN}`, `archive-${ACME}@${DOMAIN}`];
    const pdf = await letter('leverancier@example.be', 'factuur-77');
    const before = standIn.uploads.length;
    const first = await pipeline.process(pdf, { recipients });
    expect(first.outcome).toBe('delivered');
    expect(
      uploadsSince(before)
        .map((upload) => upload.mutation)
        .sort(),
    ).toEqual(['uploadArchiveFile', 'uploadFile']);

    const again = await pipeline.process(pdf, { recipients });
    expect(uploadsSince(before)).toHaveLength(2);
    expect(again.deliveries.flatMap((delivery) => delivery.uploads.map((upload) => upload.status))).toEqual([
      'duplicate',
      'duplicate',
    ]);
  });

  it('an unknown category: the report says why, nothing is uploaded, and the message is kept for a retry', async () => {
    const before = standIn.uploads.length;
    const report = await pipelineWith(ARCHIVE_CONFIG).process(await letter('x@example.be', 'bankafschrift'), {
      recipients: [`acme-missing@${DOMAIN}`],
    });

    expect(uploadsSince(before)).toEqual([]);
    expect(report.outcome).toBe('retrying');
    expect(report.deliveries[0]?.uploads).toEqual([
      expect.objectContaining({
        filename: 'bankafschrift.pdf',
        status: 'failed',
        errorKind: 'configuration',
        error:
          'ArchiveCategoryError: archive category "Bankafschriften" does not exist in the various archive of company 0123456749 (it has: Contracten, Other); create it in Clearfacts or correct the category in the config',
      }),
    ]);
  });

  it('without a default archive category, archive-<companyNumber> is not an address', async () => {
    const report = await pipelineWith({ mailboxes: [{ address: 'acme', companyNumber: ACME }] }).process(
      await letter('x@example.be', 'nowhere'),
      { recipients: [`archive-${ACME}@${DOMAIN}`] },
    );
    expect(report.outcome).toBe('unroutable');
    expect(report.recipients[0]?.reason).toBe(`no mailbox is configured for archive-${ACME}@${DOMAIN}`);
  });
});

describe('one policy per company holds at archive addresses too', () => {
  it('quarantines a stranger at archive-<company with an allow-list>, naming the listed policy', async () => {
    const before = standIn.uploads.length;
    const report = await pipelineWith(ARCHIVE_CONFIG).process(await letter(STRANGER, 'nep-contract'), {
      recipients: [`archive-${PEETERS}@${DOMAIN}`],
    });

    expect(report.outcome).toBe('quarantined');
    expect(uploadsSince(before)).toEqual([]);
    expect(report.deliveries[0]?.policy).toEqual({
      action: 'quarantine',
      reason: `${STRANGER} is not one of this mailbox's allowed senders (the policy of peeters@${DOMAIN})`,
    });
  });

  it('archives what the allowed sender sends there (the control)', async () => {
    const before = standIn.uploads.length;
    const report = await pipelineWith(ARCHIVE_CONFIG).process(await letter(ALLOWED, 'echt-contract'), {
      recipients: [`archief-${PEETERS}@${DOMAIN}`],
    });
    expect(report.outcome).toBe('delivered');
    expect(uploadsSince(before)).toEqual([
      expect.objectContaining({ companyNumber: PEETERS, mutation: 'uploadArchiveFile' }),
    ]);
  });

  it('refuses archive-<company with listed mailboxes> with conventionForListedCompanies: refuse', async () => {
    const report = await pipelineWith({ ...ARCHIVE_CONFIG, conventionForListedCompanies: 'refuse' }).process(
      await letter(ALLOWED, 'geweigerd'),
      { recipients: [`archive-${PEETERS}@${DOMAIN}`] },
    );
    expect(report.outcome).toBe('unroutable');
    expect(report.recipients[0]?.reason).toContain(
      `company ${PEETERS} takes mail only at its listed mailboxes`,
    );
  });
});
