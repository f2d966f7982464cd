import { composeMail } from '../support/compose-mail';
import { MemoryPipeline } from '../support/memory-pipeline';
import { minimalPdf } from '../support/minimal-pdf';

const pdf = minimalPdf('Automatic mail');

function mail(options: Parameters<typeof composeMail>[0]): Promise<Buffer> {
  return composeMail({ subject: 'Factuur', attachments: [{ filename: 'f.pdf', content: pdf }], ...options });
}

describe('automatic mail', () => {
  it.each([
    [
      'a bounce with an empty return path',
      () => mail({ headers: { 'Return-Path': '<>' } }),
      'sent with an empty return path',
    ],
    [
      'a delivery report from MAILER-DAEMON',
      () => mail({ from: 'Mail Delivery System <MAILER-DAEMON@mx.supplier.example.be>' }),
      'a delivery report from mailer-daemon@mx.supplier.example.be',
    ],
    [
      'a read receipt (multipart/report)',
      () =>
        Promise.resolve(
          Buffer.from(
            'From: jan@client.example\r\nSubject: Read: Factuur\r\nMIME-Version: 1.0\r\n' +
              'Content-Type: multipart/report; report-type=disposition-notification; boundary="r"\r\n\r\n' +
              '--r\r\nContent-Type: text/plain\r\n\r\nYour message was read.\r\n--r--\r\n',
          ),
        ),
      'report-type disposition-notification',
    ],
    [
      'an out-of-office reply',
      () => mail({ headers: { 'Auto-Submitted': 'auto-replied' } }),
      'an automatic reply (Auto-Submitted: auto-replied)',
    ],
    ['an X-Autoreply', () => mail({ headers: { 'X-Autoreply': 'yes' } }), 'x-autoreply header'],
    [
      'mail from our own system address',
      () => mail({ from: 'no-reply@invoices.example.com' }),
      'sent from our own address no-reply@invoices.example.com',
    ],
    [
      'mail from one of our own mailboxes',
      () => mail({ from: 'acme@invoices.example.com' }),
      'answering or uploading it could loop',
    ],
  ])('drops %s: nothing uploaded, never answered', async (_what, build, reason) => {
    const pipeline = new MemoryPipeline();
    const report = await pipeline.process(await build());

    expect(report.outcome).toBe('rejected');
    expect(pipeline.uploads).toEqual([]);
    expect(report.automatic?.reason).toContain(reason);
    expect(report.deliveries[0]?.policy?.reason).toContain('never uploaded, never answered');
  });

  it('recognises a bounce by its envelope sender too', async () => {
    const pipeline = new MemoryPipeline();
    const report = await pipeline.process(await mail({}), { envelopeSender: 'MAILER-DAEMON@mx.example' });

    expect(report.automatic?.kind).toBe('bounce');
    expect(report.outcome).toBe('rejected');
  });

  it.each([
    ['Auto-Submitted: auto-generated', { 'Auto-Submitted': 'auto-generated' }, 'auto-generated'],
    ['Precedence: bulk', { Precedence: 'bulk' }, 'bulk'],
    ['List-Unsubscribe', { 'List-Unsubscribe': '<mailto:unsubscribe@billing.example>' }, 'bulk'],
  ])(
    'uploads an invoice a billing system marked %s, and marks it never to be answered',
    async (_what, headers, kind) => {
      const pipeline = new MemoryPipeline();
      const report = await pipeline.process(await mail({ headers }));

      expect(report.outcome).toBe('delivered');
      expect(pipeline.uploads).toHaveLength(1);
      expect(report.automatic?.kind).toBe(kind);
    },
  );

  it('does not take a staff address of the same domain for a system one', async () => {
    const pipeline = new MemoryPipeline();
    const report = await pipeline.process(await mail({ from: 'jan@invoices.example.com' }));

    expect(report.automatic).toBeUndefined();
    expect(report.outcome).toBe('delivered');
  });
});
