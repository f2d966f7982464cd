import { parseConfig } from '../../functions/config/load-config';
import { processMessage } from '../../functions/ingest/process-message';
import {
  DEFAULT_VERDICT_RULES,
  POLICY_ACTIONS,
  type PolicyAction,
  RULE_STATUSES,
  type RuleStatus,
  VERDICT_NAMES,
  type VerdictName,
} from '../../functions/policy/verdict-policy';
import type { MessageReport } from '../../functions/reports/message-report';
import { ConfigError } from '../../functions/shared/errors';
import { composeMail } from '../support/compose-mail';
import { MemoryPipeline, PASSING } from '../support/memory-pipeline';
import { minimalPdf } from '../support/minimal-pdf';

const OUTCOMES: Readonly<Record<PolicyAction, MessageReport['outcome']>> = {
  accept: 'delivered',
  quarantine: 'quarantined',
  reject: 'rejected',
};

/** How the report names a verdict, e.g. `spam verdict FAIL` or `DMARC GRAY`. */
function label(name: VerdictName, status: RuleStatus): string {
  return `${name === 'spam' || name === 'virus' ? `${name} verdict` : name.toUpperCase()} ${status}`;
}

let invoice: Buffer;
beforeAll(async () => {
  invoice = await composeMail({
    subject: 'Factuur 2026-101',
    attachments: [{ filename: 'factuur-2026-101.pdf', content: minimalPdf('Factuur 2026-101') }],
  });
});

/** Processes the invoice with one verdict set to `status` under `config`. */
async function receive(name: VerdictName, status: string, config: Record<string, unknown> = {}) {
  const pipeline = new MemoryPipeline(config);
  const report = await pipeline.process(invoice, { verdicts: { ...PASSING, [name]: status } });
  return { report, uploads: pipeline.uploads, logLines: pipeline.logLines };
}

const matrix = VERDICT_NAMES.flatMap((name) =>
  RULE_STATUSES.flatMap((status) =>
    POLICY_ACTIONS.filter((action) => !(name === 'virus' && status === 'FAIL' && action === 'accept')).map(
      (action) => [name, status, action] as const,
    ),
  ),
);

describe('the verdict policy matrix', () => {
  it.each(matrix)('%s %s set to %s', async (name, status, action) => {
    const { report, uploads } = await receive(name, status, {
      defaults: { verdicts: { [name]: { [status]: action } } },
    });

    expect(report.outcome).toBe(OUTCOMES[action]);
    expect(uploads).toHaveLength(action === 'accept' ? 1 : 0);
    const policy = report.deliveries[0]?.policy;
    expect(policy?.action).toBe(action);
    // Held or accepted, the report names the verdict in words.
    expect(policy?.reason).toContain(`(${label(name, status)})`);
  });

  it.each(
    VERDICT_NAMES.flatMap((name) =>
      RULE_STATUSES.map((status) => [name, status, DEFAULT_VERDICT_RULES[name][status]] as const),
    ),
  )('by default, %s %s is %s', async (name, status, action) => {
    const { report, uploads } = await receive(name, status);

    expect(report.outcome).toBe(OUTCOMES[action]);
    expect(uploads).toHaveLength(action === 'accept' ? 1 : 0);
  });

  it('documents the defaults the issue asks for', () => {
    expect(DEFAULT_VERDICT_RULES.spam.FAIL).toBe('quarantine');
    expect(DEFAULT_VERDICT_RULES.dmarc.FAIL).toBe('quarantine');
    expect(DEFAULT_VERDICT_RULES.virus.FAIL).toBe('quarantine');
    // Auto-forwarding breaks SPF and keeps DKIM: SPF alone never holds a message.
    expect(DEFAULT_VERDICT_RULES.spf.FAIL).toBe('accept');
    expect(DEFAULT_VERDICT_RULES.dkim.FAIL).toBe('accept');
  });

  it('uploads a clean message and says nothing about it', async () => {
    const pipeline = new MemoryPipeline();
    const report = await pipeline.process(invoice);

    expect(report.outcome).toBe('delivered');
    expect(report.deliveries[0]?.policy).toBeUndefined();
  });
});

describe('a virus', () => {
  it('is held, never released, and the report says so in words', async () => {
    const { report, uploads, logLines } = await receive('virus', 'FAIL');

    expect(uploads).toEqual([]);
    expect(report.outcome).toBe('quarantined');
    expect(report.deliveries[0]?.policy).toMatchObject({
      action: 'quarantine',
      releasable: false,
      reason: expect.stringContaining('SES found a virus in the message'),
    });
    // Its attachments are not even opened.
    expect(report.documents).toEqual([]);
    expect(logLines.some((line) => line.includes('quarantined by policy'))).toBe(true);
  });

  it('cannot be accepted by any config', () => {
    expect(() =>
      parseConfig({ domain: 'invoices.example.com', defaults: { verdicts: { virus: { FAIL: 'accept' } } } }),
    ).toThrow(ConfigError);
    expect(() =>
      parseConfig({
        domain: 'invoices.example.com',
        mailboxes: [
          { address: 'acme', companyNumber: '0123456749', verdicts: { virus: { FAIL: 'accept' } } },
        ],
      }),
    ).toThrow(/a message with a virus is never uploaded/);
  });

  it('is not uploaded even when an admin forces a release past the release command', async () => {
    const pipeline = new MemoryPipeline();
    const verdicts = { ...PASSING, virus: 'FAIL' };
    const first = await pipeline.process(invoice, { verdicts });
    const release = { at: '2026-11-20T10:00:00Z', by: 'admin' };
    const again = await processMessage(pipeline.incoming(invoice, { messageId: first.messageId, verdicts }), {
      ...pipeline.deps,
      replay: true,
      release,
    });

    expect(again.outcome).toBe('quarantined');
    expect(again.released).toBeUndefined();
    expect(pipeline.uploads).toEqual([]);
  });
});

describe('per-mailbox verdict rules', () => {
  it('let one mailbox reject what the defaults quarantine, and another accept it', async () => {
    const pipeline = new MemoryPipeline({
      mailboxes: [
        { address: 'acme', companyNumber: '0123456749', verdicts: { dmarc: { FAIL: 'reject' } } },
        { address: 'peeters', companyNumber: '0203201340', verdicts: { dmarc: { FAIL: 'accept' } } },
      ],
    });
    const report = await pipeline.process(invoice, {
      recipients: ['acme@invoices.example.com', 'peeters@invoices.example.com'],
      verdicts: { ...PASSING, dmarc: 'FAIL' },
    });

    expect(report.deliveries.map((delivery) => delivery.policy?.action)).toEqual(['reject', 'accept']);
    expect(pipeline.uploads.map((upload) => upload.companyNumber)).toEqual(['0203201340']);
    // Something went through; nothing waits for an admin.
    expect(report.outcome).toBe('delivered');
  });

  it('fall back on the config defaults, then on the documented ones', async () => {
    const { report } = await receive('spam', 'FAIL', {
      defaults: { verdicts: { spam: { FAIL: 'reject' } } },
      mailboxes: [{ address: 'acme', companyNumber: '0123456749', verdicts: { dmarc: { FAIL: 'accept' } } }],
    });

    expect(report.outcome).toBe('rejected');
  });

  it('quarantine a message when any one rule says so, giving every reason', async () => {
    const pipeline = new MemoryPipeline();
    const report = await pipeline.process(invoice, { verdicts: { ...PASSING, spam: 'FAIL', dmarc: 'FAIL' } });

    expect(report.deliveries[0]?.policy?.reason).toMatch(/spam verdict FAIL.*DMARC FAIL/);
  });

  it('note a verdict SES did not check without holding the message', async () => {
    const { report, uploads } = await receive('virus', 'DISABLED');

    expect(uploads).toHaveLength(1);
    expect(report.deliveries[0]?.policy).toMatchObject({
      action: 'accept',
      reason: expect.stringContaining('not checked'),
    });
  });
});
