import type { SendMailOptions } from 'nodemailer';
import type { ClearfactsSandbox } from '../../functions/local/clearfacts/clearfacts-sandbox';
import type { LocalEvent } from '../../functions/local/local-events';
import { textPdf } from '../../functions/local/text-pdf';
import {
  AS_CLEARFACTS,
  type Fault,
  INTERNAL_ERROR,
  type RecordedRequest,
  STORE_THEN_CUT,
} from '../support/clearfacts-stand-in';
import { type LocalTestStack, queuedMessageId, startLocalTestStack } from '../support/local-stack-mail';

/**
 * Clearfacts' faults through the whole local pipeline (`npm start`: SMTP inbox, S3, queue with the
 * Lambda's retry schedule sped up, ledger, the stand-in). Uploads are counted at the stand-in.
 */
describe("Clearfacts' faults through the local inbox (npm start)", () => {
  const events: LocalEvent[] = [];
  let local: LocalTestStack;
  let sandbox: ClearfactsSandbox;

  beforeAll(async () => {
    local = await startLocalTestStack({ prefix: 'local-faults-', onEvent: (event) => events.push(event) });
    if (local.stack.clearfactsSandbox === undefined) throw new Error('the local stack runs no stand-in');
    sandbox = local.stack.clearfactsSandbox;
  });

  afterAll(async () => {
    await local.stop();
  });

  afterEach(() => {
    sandbox.respondAlways(AS_CLEARFACTS);
  });

  /** Answers the first `times` uploads named `filename` with `fault`, everything else as Clearfacts. */
  function faultFirst(filename: string, fault: Fault, times: number): void {
    let left = times;
    sandbox.respondAlways((request: RecordedRequest) => {
      if (request.variables?.filename !== filename || left === 0) return AS_CLEARFACTS;
      left -= 1;
      return fault;
    });
  }

  /** Sends a mail from the supplier to ACME's mailbox and returns its message id. */
  async function send(mail: SendMailOptions): Promise<string> {
    return queuedMessageId(
      await local.send({
        from: 'Supplier BV <billing@supplier.example.be>',
        to: 'acme@invoices.example.com',
        ...mail,
      }),
    );
  }

  /** The copies of these bytes the stand-in stored. */
  function copiesOf(bytes: Buffer) {
    return sandbox.uploads.filter((upload) => Buffer.from(upload.file.bytes).equals(bytes));
  }

  /** The upload requests the stand-in received for this filename, answered or not. */
  function requestsFor(filename: string): number {
    return sandbox.requests.filter((request) => request.variables?.filename === filename).length;
  }

  /** The queue's retries of one record, as the stack reported them. */
  function retries(): number {
    return events.filter((event) => event.type === 'retry').length;
  }

  it('stores an upload whose connection was cut at most twice, the second flagged in report and comment', async () => {
    const pdf = textPdf(['INVOICE CUT-1', 'Supplier BV', 'Total 121.00 EUR']);
    faultFirst('cut-1.pdf', STORE_THEN_CUT, 1);
    const retriesBefore = retries();

    const messageId = await send({
      subject: 'Invoice CUT-1',
      attachments: [{ filename: 'cut-1.pdf', content: pdf, contentType: 'application/pdf' }],
    });
    await local.stack.idle();

    // One cut attempt, one flagged repeat by the queue's next delivery: two copies, never more.
    expect(requestsFor('cut-1.pdf')).toBe(2);
    expect(retries() - retriesBefore).toBe(1);
    const copies = copiesOf(pdf);
    expect(copies).toHaveLength(2);
    expect(copies[0]?.comment).not.toMatch(/possible repeat/);
    expect(copies[1]?.comment).toMatch(
      /^possible repeat: an earlier upload of this file at \S+ got no answer; /,
    );

    const delivered = await local.report(messageId);
    expect(delivered.outcome).toBe('delivered');
    expect(delivered.attempt).toBe(2);
    const upload = delivered.deliveries[0]?.uploads[0];
    expect(upload).toMatchObject({ status: 'uploaded', uuid: copies[1]?.uuid, possibleRepeat: true });
    expect(copies[1]?.comment).toContain(`at ${upload?.unansweredAt} got no answer`);
  });

  it('uploads exactly once after two 200 "Internal server error" answers', async () => {
    const pdf = textPdf(['INVOICE FAULT-2', 'Supplier BV', 'Total 242.00 EUR']);
    faultFirst('fault-2.pdf', INTERNAL_ERROR, 2);
    const retriesBefore = retries();

    const messageId = await send({
      subject: 'Invoice FAULT-2',
      attachments: [{ filename: 'fault-2.pdf', content: pdf, contentType: 'application/pdf' }],
    });
    await local.stack.idle();

    // Each fault went back to the queue (no tight loop inside a run); the third delivery landed it.
    expect(requestsFor('fault-2.pdf')).toBe(3);
    expect(retries() - retriesBefore).toBe(2);
    const copies = copiesOf(pdf);
    expect(copies).toHaveLength(1);
    expect(copies[0]?.comment).not.toMatch(/possible repeat/);

    const delivered = await local.report(messageId);
    expect(delivered.outcome).toBe('delivered');
    expect(delivered.attempt).toBe(3);
    const upload = delivered.deliveries[0]?.uploads[0];
    expect(upload).toMatchObject({ status: 'uploaded', uuid: copies[0]?.uuid });
    expect(upload?.possibleRepeat).toBeUndefined();
  });
});
