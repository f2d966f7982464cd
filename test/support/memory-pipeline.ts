import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { UploadedFile, UploadRequest } from '../../functions/clearfacts/uploader';
import type { Config } from '../../functions/config/config-schema';
import { parseConfig } from '../../functions/config/load-config';
import type { IncomingMessage } from '../../functions/ingest/incoming-message';
import type { BatchDeps } from '../../functions/ingest/process-batch';
import { processMessage } from '../../functions/ingest/process-message';
import { createMemoryLedger } from '../../functions/ledger/memory-ledger';
import type { MessageReport } from '../../functions/reports/message-report';
import { MailboxRouter } from '../../functions/routing/route-recipients';
import type { EventLog } from '../../functions/shared/event-log';

/** The domain and mailbox the in-memory pipeline receives for. */
export const DOMAIN = 'invoices.example.com';
export const ACME = `acme@${DOMAIN}`;

/** Every SES verdict passing. */
export const PASSING: Readonly<Record<string, string>> = {
  spam: 'PASS',
  virus: 'PASS',
  spf: 'PASS',
  dkim: 'PASS',
  dmarc: 'PASS',
};

/** The tests' config: the acme mailbox on `DOMAIN`, with `overrides` merged over it, parsed like the admin's. */
export function memoryConfig(overrides: Record<string, unknown> = {}): Config {
  return parseConfig({
    domain: DOMAIN,
    mailboxes: [{ address: 'acme', companyNumber: '0123456749' }],
    ...overrides,
  });
}

/** The message and report ports over maps: raw mail by key, reports by message id. */
export function memoryStores(
  raw: ReadonlyMap<string, Buffer>,
  reports: Map<string, MessageReport>,
): Pick<BatchDeps, 'messages' | 'reports'> {
  return {
    messages: { openRawMessage: async ({ key }) => Readable.from([raw.get(key) ?? Buffer.alloc(0)]) },
    reports: {
      saveReport: async (report) => {
        reports.set(report.messageId, report);
        return `memory://reports/${report.messageId}.json`;
      },
      loadReport: async (messageId) => reports.get(messageId),
    },
  };
}

/** How one message arrives. */
export interface Arrival {
  readonly messageId?: string;
  readonly verdicts?: Readonly<Record<string, string>>;
  readonly recipients?: readonly string[];
  readonly envelopeSender?: string;
}

/**
 * The processing core with everything in memory: the router from a config, a memory ledger, an
 * uploader that records what it was given, and a log that keeps its lines as the JSON the
 * Lambda's logger prints. Raw messages and reports live in maps, so `processBatch` runs too.
 */
export class MemoryPipeline {
  readonly uploads: UploadRequest[] = [];
  readonly logLines: string[] = [];
  readonly raw = new Map<string, Buffer>();
  readonly reports = new Map<string, MessageReport>();
  readonly deps: BatchDeps;
  private counter = 0;

  constructor(config: Record<string, unknown> = {}) {
    const record =
      (level: string): EventLog['info'] =>
      (message, attributes) =>
        this.logLines.push(JSON.stringify({ level, message, ...attributes }));
    this.deps = {
      router: new MailboxRouter(memoryConfig(config)),
      ledger: createMemoryLedger(() => new Date('2026-11-20T09:15:00Z')),
      log: { info: record('INFO'), warn: record('WARN'), error: record('ERROR') },
      now: () => new Date('2026-11-20T09:15:00Z'),
      uploader: {
        uploadFile: async (request: UploadRequest): Promise<UploadedFile> => {
          this.uploads.push(request);
          return {
            uuid: randomUUID(),
            name: request.filename,
            amountOfPages: 1,
            comment: request.comment ?? null,
          };
        },
      },
      ...memoryStores(this.raw, this.reports),
    };
  }

  /** The message as SES would hand it over (all verdicts passing unless told otherwise). */
  incoming(raw: Buffer, arrival: Arrival = {}): IncomingMessage {
    this.counter += 1;
    return {
      messageId: arrival.messageId ?? `msg-${this.counter}`,
      envelopeSender: arrival.envelopeSender ?? 'bounces@supplier.example.be',
      recipients: arrival.recipients ?? [ACME],
      verdicts: arrival.verdicts ?? PASSING,
      attempt: 1,
      open: async () => Readable.from([raw]),
    };
  }

  /** Processes one raw message through `processMessage`. */
  process(raw: Buffer, arrival: Arrival = {}): Promise<MessageReport> {
    return processMessage(this.incoming(raw, arrival), this.deps);
  }
}
