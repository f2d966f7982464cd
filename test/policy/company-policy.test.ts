import { composeMail } from '../support/compose-mail';
import { DOMAIN, MemoryPipeline, PASSING } from '../support/memory-pipeline';
import { minimalPdf } from '../support/minimal-pdf';

const COMPANY = '0203201340';
const PEETERS = `peeters@${DOMAIN}`;
const CONVENTION = `purchase-${COMPANY}@${DOMAIN}`;
const ALLOWED = 'boekhouding@peeters.example.be';
const STRANGER = 'facturen@fraud.example';

/** Company 0203201340 has one listed mailbox, open only to its bookkeeping address. */
function peeters(extra: Record<string, unknown> = {}): MemoryPipeline {
  return new MemoryPipeline({
    mailboxes: [{ address: 'peeters', companyNumber: COMPANY, allowedSenders: [ALLOWED] }],
    ...extra,
  });
}

function invoiceFrom(from: string, number: string): Promise<Buffer> {
  return composeMail({
    from,
    subject: `Factuur ${number}`,
    attachments: [
      { filename: `factuur-${number}.pdf`, content: minimalPdf(`Factuur ${number} from ${from}`) },
    ],
  });
}

describe('one policy per company, whatever address was used', () => {
  it('quarantines a stranger at the convention address of a company with an allow-list, with the reason', async () => {
    const pipeline = peeters();
    const report = await pipeline.process(await invoiceFrom(STRANGER, '1'), { recipients: [CONVENTION] });

    expect(pipeline.uploads).toEqual([]);
    expect(report.outcome).toBe('quarantined');
    expect(report.deliveries).toEqual([
      expect.objectContaining({
        mailbox: CONVENTION,
        policy: {
          action: 'quarantine',
          reason: `${STRANGER} is not one of this mailbox's allowed senders (the policy of ${PEETERS})`,
        },
      }),
    ]);
  });

  it('uploads the allowed sender with DMARC PASS at both the listed and the convention address', async () => {
    const pipeline = peeters();
    const listed = await pipeline.process(await invoiceFrom(ALLOWED, '2'), { recipients: [PEETERS] });
    const convention = await pipeline.process(await invoiceFrom(ALLOWED, '3'), { recipients: [CONVENTION] });

    expect(listed.outcome).toBe('delivered');
    expect(convention.outcome).toBe('delivered');
    expect(pipeline.uploads.map((upload) => [upload.companyNumber, upload.filename])).toEqual([
      [COMPANY, 'factuur-2.pdf'],
      [COMPANY, 'factuur-3.pdf'],
    ]);
  });

  it('holds the allowed sender at the convention address too when DMARC fails', async () => {
    const pipeline = peeters();
    const report = await pipeline.process(await invoiceFrom(ALLOWED, '4'), {
      recipients: [CONVENTION],
      verdicts: { ...PASSING, dmarc: 'FAIL' },
    });

    expect(report.outcome).toBe('quarantined');
    expect(pipeline.uploads).toEqual([]);
  });

  it('applies the strictest of several listed mailboxes of the company', async () => {
    const pipeline = new MemoryPipeline({
      mailboxes: [
        { address: 'peeters', companyNumber: COMPANY, allowedSenders: ['*@peeters.example.be'] },
        {
          address: 'peeters-verkoop',
          companyNumber: COMPANY,
          invoiceType: 'SALE',
          allowedSenders: [ALLOWED],
          unlistedSender: 'reject',
        },
      ],
    });
    const colleague = await pipeline.process(await invoiceFrom('jan@peeters.example.be', '5'), {
      recipients: [CONVENTION],
    });

    expect(colleague.outcome).toBe('rejected');
    expect(colleague.deliveries[0]?.policy?.reason).toBe(
      `jan@peeters.example.be is not one of this mailbox's allowed senders (the policy of peeters-verkoop@${DOMAIN})`,
    );
    const allowed = await pipeline.process(await invoiceFrom(ALLOWED, '6'), { recipients: [CONVENTION] });
    expect(allowed.outcome).toBe('delivered');
  });

  it('refuses the convention address of a listed company when the config says so', async () => {
    const pipeline = peeters({ conventionForListedCompanies: 'refuse' });
    const report = await pipeline.process(await invoiceFrom(ALLOWED, '7'), { recipients: [CONVENTION] });

    expect(report.outcome).toBe('unroutable');
    expect(report.recipients).toEqual([
      {
        recipient: CONVENTION,
        reason: `company ${COMPANY} takes mail only at its listed mailboxes (${PEETERS}); convention addresses are refused for it (conventionForListedCompanies)`,
      },
    ]);
    expect(pipeline.uploads).toEqual([]);
  });

  it('gives a company without listed mailboxes the defaults at its convention address (open unless defaults say otherwise)', async () => {
    const pipeline = peeters();
    const report = await pipeline.process(await invoiceFrom(STRANGER, '8'), {
      recipients: [`purchase-0123456749@${DOMAIN}`],
    });

    expect(report.outcome).toBe('delivered');
    expect(pipeline.uploads.map((upload) => upload.companyNumber)).toEqual(['0123456749']);
  });

  it('lets the strictest policy win when two recipients lead to the same company and tray, in either order', async () => {
    for (const recipients of [
      [CONVENTION, PEETERS],
      [`aankoop-${COMPANY}@${DOMAIN}`, PEETERS],
    ]) {
      const pipeline = new MemoryPipeline({
        // Refused convention addresses would hide the merge: a second listed address shares the tray.
        mailboxes: [
          { address: 'peeters', companyNumber: COMPANY, allowedSenders: [ALLOWED] },
          { address: 'peeters-open', companyNumber: COMPANY },
        ],
      });
      const open = await pipeline.process(await invoiceFrom(STRANGER, '9'), {
        recipients: [`peeters-open@${DOMAIN}`, PEETERS],
      });
      expect(open.outcome).toBe('quarantined');
      expect(open.deliveries).toHaveLength(1);
      expect(open.deliveries[0]?.policy?.reason).toBe(
        `${STRANGER} is not one of this mailbox's allowed senders (the policy of ${PEETERS})`,
      );
      const conventionFirst = await pipeline.process(await invoiceFrom(STRANGER, '10'), { recipients });
      expect(conventionFirst.outcome).toBe('quarantined');
      expect(pipeline.uploads).toEqual([]);
    }
  });
});
