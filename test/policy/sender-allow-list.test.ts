import { matchAllowedSender } from '../../functions/policy/sender-allow-list';
import { composeMail } from '../support/compose-mail';
import { MemoryPipeline, PASSING } from '../support/memory-pipeline';
import { minimalPdf } from '../support/minimal-pdf';

const SUPPLIER = 'billing@supplier.example.be';

function allowing(allowedSenders: string[], extra: Record<string, unknown> = {}): MemoryPipeline {
  return new MemoryPipeline({
    mailboxes: [{ address: 'acme', companyNumber: '0123456749', allowedSenders, ...extra }],
  });
}

function invoiceFrom(from: string): Promise<Buffer> {
  return composeMail({
    from,
    subject: 'Factuur 2026-201',
    attachments: [{ filename: 'factuur-2026-201.pdf', content: minimalPdf(`Factuur from ${from}`) }],
  });
}

/** A message built by hand, for headers no mail library would write. */
function rawInvoice(headers: string): Buffer {
  return Buffer.from(
    `${headers}\r\nTo: acme@invoices.example.com\r\nSubject: Factuur\r\nMIME-Version: 1.0\r\n` +
      'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nZie bijlage.\r\n' +
      '--b\r\nContent-Type: application/pdf; name="f.pdf"\r\nContent-Disposition: attachment; filename="f.pdf"\r\n' +
      `Content-Transfer-Encoding: base64\r\n\r\n${minimalPdf('hand made').toString('base64')}\r\n--b--\r\n`,
  );
}

describe('allowed senders', () => {
  it('uploads mail from a listed sender when DMARC passes', async () => {
    const pipeline = allowing([SUPPLIER]);
    const report = await pipeline.process(await invoiceFrom(`Supplier BV <${SUPPLIER}>`));

    expect(report.outcome).toBe('delivered');
    expect(pipeline.uploads).toHaveLength(1);
    expect(report.deliveries[0]?.policy?.reason).toContain('is an allowed sender');
  });

  it('quarantines the same From: when DMARC fails: anyone can write that address', async () => {
    const pipeline = allowing([SUPPLIER]);
    const report = await pipeline.process(await invoiceFrom(SUPPLIER), {
      verdicts: { ...PASSING, dmarc: 'FAIL' },
    });

    expect(report.outcome).toBe('quarantined');
    expect(pipeline.uploads).toEqual([]);
    expect(report.deliveries[0]?.policy?.reason).toContain(
      `${SUPPLIER} is an allowed sender (${SUPPLIER}), but DMARC did not pass (FAIL), so the From: address may be forged`,
    );
  });

  it('does not count a listed sender whose domain publishes no DMARC policy', async () => {
    const pipeline = allowing([SUPPLIER]);
    const report = await pipeline.process(await invoiceFrom(SUPPLIER), {
      verdicts: { ...PASSING, dmarc: 'GRAY' },
    });

    expect(report.outcome).toBe('quarantined');
    expect(report.deliveries[0]?.policy?.reason).toContain('DMARC did not pass (GRAY)');
  });

  it('lets *@domain allow every address of that domain, and not its subdomains', async () => {
    const pipeline = allowing(['*@supplier.example.be']);

    const other = await pipeline.process(await invoiceFrom('Accounts@Supplier.Example.be'));
    const sub = await pipeline.process(await invoiceFrom('billing@eu.supplier.example.be'));

    expect(other.outcome).toBe('delivered');
    expect(sub.outcome).toBe('quarantined');
    expect(sub.deliveries[0]?.policy?.reason).toBe(
      "billing@eu.supplier.example.be is not one of this mailbox's allowed senders",
    );
  });

  it('is open to anyone when no list is configured', async () => {
    const pipeline = new MemoryPipeline();
    const report = await pipeline.process(await invoiceFrom('someone@unknown.example'), {
      verdicts: { ...PASSING, dmarc: 'GRAY' },
    });

    expect(report.outcome).toBe('delivered');
  });

  it('rejects unlisted senders when the mailbox says so', async () => {
    const pipeline = allowing([SUPPLIER], { unlistedSender: 'reject' });
    const report = await pipeline.process(await invoiceFrom('someone@unknown.example'));

    expect(report.outcome).toBe('rejected');
    expect(report.deliveries[0]?.policy).toEqual({
      action: 'reject',
      reason: "someone@unknown.example is not one of this mailbox's allowed senders",
    });
  });

  it('applies the config defaults to convention addresses too', async () => {
    const pipeline = new MemoryPipeline({ defaults: { allowedSenders: [SUPPLIER] } });
    const report = await pipeline.process(await invoiceFrom('someone@unknown.example'), {
      recipients: ['purchase-0203201340@invoices.example.com'],
    });

    expect(report.outcome).toBe('quarantined');
  });

  it.each([
    [
      'two From: headers',
      `From: ${SUPPLIER}\r\nFrom: evil@attacker.example`,
      'the message has 2 From: headers',
    ],
    [
      'two addresses in one From:',
      `From: ${SUPPLIER}, evil@attacker.example`,
      'the From: header names 2 addresses',
    ],
    ['an address hidden after another', `From: <evil@attacker.example> <${SUPPLIER}>`, 'ambiguous'],
    ['no From: at all', 'Sender: nobody@example.com', 'the message has no From: header'],
  ])('trusts no sender when the message has %s', async (_what, headers, reason) => {
    const pipeline = allowing([SUPPLIER]);
    const report = await pipeline.process(rawInvoice(headers));

    expect(report.outcome).toBe('quarantined');
    expect(report.deliveries[0]?.policy?.reason).toContain(reason);
    expect(pipeline.uploads).toEqual([]);
  });

  it('matches addresses without regard to case, and a display name never counts', () => {
    expect(matchAllowedSender('Billing@Supplier.example.BE', [SUPPLIER])).toBe(SUPPLIER);
    expect(matchAllowedSender('x@supplier.example.be', ['*@SUPPLIER.example.be'])).toBe(
      '*@SUPPLIER.example.be',
    );
    expect(
      matchAllowedSender('billing@supplier.example.be.evil.example', ['*@supplier.example.be']),
    ).toBeUndefined();
  });

  it('trusts the address, not a display name that looks like an allowed one', async () => {
    const pipeline = allowing([SUPPLIER]);
    const report = await pipeline.process(await invoiceFrom(`"${SUPPLIER}" <evil@attacker.example>`));

    expect(report.outcome).toBe('quarantined');
    expect(report.deliveries[0]?.policy?.reason).toContain(
      "evil@attacker.example is not one of this mailbox's",
    );
  });
});
