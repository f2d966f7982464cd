import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentClaimRequest } from '../../functions/ledger/delivery-ledger';
import { createFileLedger } from '../../functions/ledger/file-ledger';

let directory: string;
let path: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'ledger-'));
  path = join(directory, 'ledger.json');
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function documentFrom(messageId: string): DocumentClaimRequest {
  return {
    companyNumber: '0123456749',
    invoiceType: 'PURCHASE',
    sha256: 'b'.repeat(64),
    messageId,
    mailbox: 'acme@x.be',
    filename: 'f.pdf',
    leaseMs: 60_000,
  };
}

describe('the local file ledger', () => {
  it('remembers an upload across a restart', async () => {
    const first = createFileLedger(path);
    const claim = await first.claimDocument(documentFrom('m1'));
    if (claim.kind !== 'claimed') throw new Error('expected a claim');
    await first.recordUploaded(documentFrom('m1'), claim, {
      uuid: 'uuid-1',
      uploadedAt: '2026-11-20T09:00:00.000Z',
      pages: 2,
    });

    const restarted = createFileLedger(path);
    expect(await restarted.claimDocument(documentFrom('m2'))).toMatchObject({
      kind: 'uploaded',
      document: { uuid: 'uuid-1', messageId: 'm1' },
    });
    expect(JSON.parse(await readFile(path, 'utf8'))).toHaveProperty([`doc#0123456749#${'b'.repeat(64)}`]);
  });

  it('lets one claim through when one process claims the same document many times at once', async () => {
    const ledger = createFileLedger(path);
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, index) => ledger.claimDocument(documentFrom(`m${index}`))),
    );
    expect(claims.filter((claim) => claim.kind === 'claimed')).toHaveLength(1);
  });

  it('lets one claim through when two ledgers on the same file (two processes) claim at once', async () => {
    const ledgers = [createFileLedger(path), createFileLedger(path)];
    const claims = await Promise.all(
      [0, 1, 2, 3].map((index) => ledgers[index % 2]?.claimDocument(documentFrom(`m${index}`))),
    );
    expect(claims.filter((claim) => claim?.kind === 'claimed')).toHaveLength(1);
  });
});
