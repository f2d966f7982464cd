import { randomUUID } from 'node:crypto';
import type { UploadedFile, UploadRequest } from '../../functions/clearfacts/uploader';
import { PARALLEL_UPLOADS } from '../../functions/ingest/deliver-documents';
import { processMessage } from '../../functions/ingest/process-message';
import { composeMail } from '../support/compose-mail';
import { MemoryPipeline } from '../support/memory-pipeline';
import { minimalPdf } from '../support/minimal-pdf';

const COUNT = 12;

/** Waits `ticks` turns of the event loop: later documents answer sooner, so they finish out of order. */
async function turns(ticks: number): Promise<void> {
  for (let tick = 0; tick < ticks; tick++) await new Promise((resolve) => setImmediate(resolve));
}

describe('the uploads of a message', () => {
  it(`runs ${PARALLEL_UPLOADS} at a time, each claimed once, and reports them in the message's order`, async () => {
    const pipeline = new MemoryPipeline();
    const names = Array.from(
      { length: COUNT },
      (_, index) => `invoice-${String(index + 1).padStart(2, '0')}.pdf`,
    );
    const raw = await composeMail({
      subject: 'Ten invoices',
      attachments: names.map((filename) => ({ filename, content: minimalPdf(`Parallel ${filename}`) })),
    });
    let inFlight = 0;
    let most = 0;
    const finished: string[] = [];
    const uploader = {
      uploadFile: async (request: UploadRequest): Promise<UploadedFile> => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await turns(COUNT - names.indexOf(request.filename));
        inFlight -= 1;
        finished.push(request.filename);
        return { uuid: randomUUID(), name: request.filename, amountOfPages: 1, comment: null };
      },
    };

    const report = await processMessage(pipeline.incoming(raw), { ...pipeline.deps, uploader });

    expect(PARALLEL_UPLOADS).toBe(5);
    expect(most).toBe(PARALLEL_UPLOADS);
    // They finished out of order (the positive control)...
    expect(finished).not.toEqual(names);
    expect([...finished].sort()).toEqual(names);
    // ...and the report still lists them as the message does, each with its own outcome.
    const uploads = report.deliveries[0]?.uploads ?? [];
    expect(uploads.map((upload) => [upload.filename, upload.status])).toEqual(
      names.map((name) => [name, 'uploaded']),
    );
    expect(new Set(uploads.map((upload) => upload.uuid)).size).toBe(COUNT);
    expect(report.outcome).toBe('delivered');

    // Each has its own ledger record: the same message again uploads nothing.
    const again = await processMessage(pipeline.incoming(raw), { ...pipeline.deps, uploader });
    expect(finished).toHaveLength(COUNT);
    expect(again.deliveries[0]?.uploads.map((upload) => upload.status)).toEqual(names.map(() => 'duplicate'));
  });
});
