import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { DeliveryLedger, DocumentClaimRequest } from '../../functions/ledger/delivery-ledger';
import { createDynamoDbLedger } from '../../functions/ledger/dynamodb-ledger';
import type { DeliveryReport } from '../../functions/reports/message-report';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb';

const LEASE_MS = 5 * 60_000;
const START = new Date('2026-11-20T09:00:00Z');

let dynamo: LocalDynamoDb;
let table: string;
let now: Date;
let ledger: DeliveryLedger;

beforeAll(async () => {
  dynamo = await startLocalDynamoDb();
});

afterAll(async () => {
  await dynamo.close();
});

beforeEach(async () => {
  table = await dynamo.createLedgerTable();
  now = START;
  ledger = createDynamoDbLedger(dynamo.client, table, () => now);
});

function later(ms: number): void {
  now = new Date(now.getTime() + ms);
}

function documentFrom(messageId: string, companyNumber = '0123456749'): DocumentClaimRequest {
  return {
    companyNumber,
    invoiceType: 'PURCHASE',
    sha256: 'a'.repeat(64),
    messageId,
    mailbox: 'acme@x.be',
    filename: 'f.pdf',
    leaseMs: LEASE_MS,
  };
}

const uploaded = { uuid: 'uuid-1', uploadedAt: '2026-11-20T09:00:01.000Z', pages: 1 };

const delivery: DeliveryReport = {
  mailbox: 'acme@x.be',
  companyNumber: '0123456749',
  invoiceType: 'PURCHASE',
  uploads: [{ filename: 'f.pdf', sha256: 'a'.repeat(64), status: 'uploaded', uuid: 'uuid-1' }],
};

describe('the DynamoDB delivery ledger', () => {
  it('lets exactly one of three concurrent claims on a document through', async () => {
    const claims = await Promise.all(['m1', 'm1', 'm2'].map((id) => ledger.claimDocument(documentFrom(id))));

    expect(claims.filter((claim) => claim.kind === 'claimed')).toHaveLength(1);
    expect(claims.filter((claim) => claim.kind === 'in-flight')).toHaveLength(2);
  });

  it('answers a delivered document with its uuid, date and message, to any later message', async () => {
    const claim = await ledger.claimDocument(documentFrom('m1'));
    if (claim.kind !== 'claimed') throw new Error('expected a claim');
    expect(await ledger.recordUploaded(documentFrom('m1'), claim, uploaded)).toBe(true);
    later(3 * 24 * 3600_000);

    expect(await ledger.claimDocument(documentFrom('m2'))).toEqual({
      kind: 'uploaded',
      document: { ...uploaded, messageId: 'm1', mailbox: 'acme@x.be', filename: 'f.pdf', attempts: 1 },
    });
    expect((await ledger.claimDocument(documentFrom('m3', '0203201340'))).kind).toBe('claimed');
  });

  it('hands a claim whose holder stopped to the next delivery once the lease is over, flagged interrupted', async () => {
    await ledger.claimDocument(documentFrom('m1'));
    later(LEASE_MS - 1);
    expect((await ledger.claimDocument(documentFrom('m1'))).kind).toBe('in-flight');
    later(2);

    expect(await ledger.claimDocument(documentFrom('m1'))).toMatchObject({
      kind: 'claimed',
      attempts: 2,
      interrupted: true,
    });
  });

  it('lets a failed document be claimed again, counting the attempts of the same message only', async () => {
    for (const attempt of [1, 2, 3]) {
      const claim = await ledger.claimDocument(documentFrom('m1'));
      expect(claim).toMatchObject({ kind: 'claimed', attempts: attempt, interrupted: false });
      if (claim.kind === 'claimed') {
        await ledger.recordFailed(documentFrom('m1'), claim.token, { error: 'down', errorKind: 'retryable' });
      }
    }
    expect(await ledger.claimDocument(documentFrom('m2'))).toMatchObject({ kind: 'claimed', attempts: 1 });
  });

  it('keeps the first recorded upload when a claim that was taken over records late', async () => {
    const first = await ledger.claimDocument(documentFrom('m1'));
    later(LEASE_MS + 1);
    const second = await ledger.claimDocument(documentFrom('m2'));
    if (first.kind !== 'claimed' || second.kind !== 'claimed') throw new Error('expected two claims');

    expect(await ledger.recordUploaded(documentFrom('m2'), second, uploaded)).toBe(true);
    expect(await ledger.recordUploaded(documentFrom('m1'), first, { ...uploaded, uuid: 'uuid-late' })).toBe(
      false,
    );
    expect(await ledger.claimDocument(documentFrom('m3'))).toMatchObject({
      kind: 'uploaded',
      document: { uuid: 'uuid-1', messageId: 'm2' },
    });
  });

  it('lets one of three concurrent deliveries process a mailbox; the others find it busy', async () => {
    const request = { messageId: 'm1', mailbox: 'acme@x.be', leaseMs: LEASE_MS, force: false };
    const claims = await Promise.all([1, 2, 3].map(() => ledger.claimMailbox(request)));

    expect(claims.map((claim) => claim.kind).sort()).toEqual(['busy', 'busy', 'started']);
  });

  it('answers a finished mailbox with its delivery, and starts it again only for a replay', async () => {
    const request = { messageId: 'm1', mailbox: 'acme@x.be', leaseMs: LEASE_MS, force: false };
    const claim = await ledger.claimMailbox(request);
    if (claim.kind !== 'started') throw new Error('expected a start');
    await ledger.finishMailbox(request, claim.token, delivery, true);

    expect(await ledger.claimMailbox(request)).toMatchObject({ kind: 'done', delivery });
    expect(await ledger.claimMailbox({ ...request, force: true })).toMatchObject({
      kind: 'started',
      attempts: 2,
    });
  });

  it('releases a mailbox whose attempt failed, for the next attempt to start at once', async () => {
    const request = { messageId: 'm1', mailbox: 'acme@x.be', leaseMs: LEASE_MS, force: false };
    const claim = await ledger.claimMailbox(request);
    if (claim.kind !== 'started') throw new Error('expected a start');
    await ledger.finishMailbox(request, claim.token, undefined, false);

    expect(await ledger.claimMailbox(request)).toMatchObject({ kind: 'started', attempts: 2 });
  });

  it('lets message records expire but keeps uploaded documents for good', async () => {
    const claim = await ledger.claimDocument(documentFrom('m1'));
    if (claim.kind !== 'claimed') throw new Error('expected a claim');
    await ledger.recordUploaded(documentFrom('m1'), claim, uploaded);
    await ledger.claimMailbox({ messageId: 'm1', mailbox: 'acme@x.be', leaseMs: LEASE_MS, force: false });

    const item = async (pk: string) =>
      (await dynamo.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } } }))).Item;
    expect((await item(`doc#0123456749#${'a'.repeat(64)}`))?.expiresAt).toBeUndefined();
    expect(Number((await item('msg#m1#acme@x.be'))?.expiresAt?.N)).toBe(
      START.getTime() / 1000 + 30 * 24 * 3600,
    );
  });
});
