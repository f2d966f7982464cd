import { ArchiveCategoryError } from '../../functions/clearfacts/archive-categories';
import { ArchiveCategoryCache } from '../../functions/clearfacts/archive-category-cache';
import { ClearfactsClient } from '../../functions/clearfacts/clearfacts-client';
import { ClearfactsError } from '../../functions/clearfacts/clearfacts-errors';
import { UPLOAD_ARCHIVE_FILE_MUTATION } from '../../functions/clearfacts/upload-archive-file-mutation';
import type { UploadRequest } from '../../functions/clearfacts/uploader';
import { textPdf } from '../../functions/local/text-pdf';
import { type ClearfactsStandIn, startArchiveStandIn } from '../support/clearfacts-stand-in';

const TOKEN = `cfTEST${'a7Ch'.repeat(18)}ARCHIV`;
const ACME = '0123456749';
const PEETERS = '0203201340';
const CONTRACTS = { id: '6f0a7c1e-0000-4000-8000-00000000c0de', name: 'Contracten' };
const LEASES = { id: '2fcff67d-3753-11e8-8c32-02907d97d1d8', name: 'Huurovereenkomst' };

let standIn: ClearfactsStandIn;

beforeAll(async () => {
  standIn = await startArchiveStandIn(TOKEN, { acme: { various: [CONTRACTS], permanent: [LEASES] } });
});

afterAll(() => standIn.close());

const client = () =>
  new ClearfactsClient({ apiUrl: standIn.url, token: () => TOKEN, maxAttempts: 1, sleep: async () => {} });

const request = (overrides: Partial<UploadRequest> = {}): UploadRequest => ({
  companyNumber: ACME,
  invoiceType: 'PURCHASE',
  archive: { type: 'VARIOUS', category: 'Contracten' },
  filename: 'huurcontract.pdf',
  contentType: 'application/pdf',
  content: textPdf(['HUURCONTRACT']),
  comment: 'From: verhuurder',
  ...overrides,
});

function operations(from: number): string[] {
  return standIn.requests.slice(from).map((sent) => /\{\s*(\w+)/.exec(sent.query ?? '')?.[1] ?? '?');
}

/** Posts a multipart request with any mutation text and variables, as a careless client would. */
async function post(query: string, variables: Record<string, unknown>): Promise<unknown> {
  const form = new FormData();
  form.append('query', query);
  form.append('variables', JSON.stringify(variables));
  form.append('file', new Blob([textPdf(['RAW'])], { type: 'application/pdf' }), 'a.pdf');
  const response = await fetch(standIn.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}` },
    body: form,
  });
  return response.json();
}

describe('archive uploads (uploadArchiveFile) against the stand-in', () => {
  it('resolves the category name to its id and uploads through uploadArchiveFile, not uploadFile', async () => {
    const before = standIn.requests.length;
    const file = await client().uploadFile(request());

    expect(operations(before)).toEqual(['archiveCategories', 'uploadArchiveFile']);
    const stored = standIn.uploads.at(-1);
    expect(stored).toMatchObject({
      uuid: file.uuid,
      companyNumber: ACME,
      mutation: 'uploadArchiveFile',
      archive: { type: 'VARIOUS', categoryId: CONTRACTS.id, categoryName: 'Contracten' },
      invoicetype: null,
    });
    expect(Buffer.from(stored?.file.bytes ?? []).equals(Buffer.from(request().content))).toBe(true);
    expect(standIn.requests.at(-1)?.variables).toEqual({
      vatnumber: ACME,
      filename: 'huurcontract.pdf',
      type: 'VARIOUS',
      category: CONTRACTS.id,
    });
  });

  it('the same request without archive goes to uploadFile (the control)', async () => {
    const before = standIn.requests.length;
    await client().uploadFile(request({ archive: undefined }));
    expect(operations(before)).toEqual(['uploadFile']);
    expect(standIn.uploads.at(-1)).toMatchObject({ mutation: 'uploadFile', invoicetype: 'PURCHASE' });
  });

  it('asks for the categories once per company per client, whatever the number of documents', async () => {
    const uploader = client();
    const before = standIn.requests.length;
    await uploader.uploadFile(request({ filename: 'a.pdf' }));
    await uploader.uploadFile(
      request({ filename: 'b.pdf', archive: { type: 'PERMANENT', category: 'huurovereenkomst' } }),
    );
    await uploader.uploadFile(
      request({ filename: 'c.pdf', companyNumber: PEETERS, archive: { type: 'VARIOUS', category: 'Other' } }),
    );

    expect(operations(before)).toEqual([
      'archiveCategories',
      'uploadArchiveFile',
      'uploadArchiveFile',
      'archiveCategories',
      'uploadArchiveFile',
    ]);
    // A name typed in another case finds the one category of that name.
    expect(standIn.uploads.at(-2)?.archive).toEqual({
      type: 'PERMANENT',
      categoryId: LEASES.id,
      categoryName: 'Huurovereenkomst',
    });
  });

  it('refuses a category the company does not have, naming the ones it has, and uploads nothing', async () => {
    const before = standIn.uploadCount();
    const failure = await client()
      .uploadFile(request({ archive: { type: 'VARIOUS', category: 'Bankafschriften' } }))
      .then(
        () => undefined,
        (error: unknown) => error,
      );

    expect(failure).toBeInstanceOf(ArchiveCategoryError);
    expect(failure).toMatchObject({
      kind: 'configuration',
      message:
        'archive category "Bankafschriften" does not exist in the various archive of company 0123456749 (it has: Contracten); create it in Clearfacts or correct the category in the config',
    });
    expect(standIn.uploadCount()).toBe(before);
  });

  it('lists categories with the archive_read query, refusing a company the token does not reach', async () => {
    await expect(client().archiveCategories(ACME)).resolves.toEqual({
      various: [CONTRACTS],
      permanent: [LEASES],
    });
    await expect(client().archiveCategories('0345678997')).rejects.toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('No administration with company number 0345678997'),
    });
  });
});

describe('the stand-in is as strict with uploadArchiveFile as with uploadFile', () => {
  const valid = { vatnumber: ACME, filename: 'a.pdf', type: 'VARIOUS', category: CONTRACTS.id };

  it('stores a request with the documented arguments (the control)', async () => {
    const before = standIn.uploadCount();
    const answer = await post(UPLOAD_ARCHIVE_FILE_MUTATION, valid);
    expect(answer).toEqual({
      data: { uploadArchiveFile: { uuid: expect.any(String), name: 'a.pdf', amountOfPages: 1 } },
    });
    expect(standIn.uploadCount()).toBe(before + 1);
  });

  it.each([
    [
      'a category id of another company',
      { ...valid, vatnumber: PEETERS },
      'No various archive category with id',
    ],
    [
      'a category id of the other archive',
      { ...valid, type: 'PERMANENT' },
      'No permanent archive category with id',
    ],
    [
      'a category name instead of its id',
      { ...valid, category: 'Contracten' },
      'No various archive category with id',
    ],
    [
      'a company the token does not reach',
      { ...valid, vatnumber: '0345678997' },
      'No administration with company number',
    ],
    ['a type outside VariousType', { ...valid, type: 'PURCHASE' }, 'got invalid value'],
  ])('refuses %s', async (_case, variables, expected) => {
    const before = standIn.uploadCount();
    const answer = JSON.stringify(await post(UPLOAD_ARCHIVE_FILE_MUTATION, variables));
    expect(answer).toContain(expected);
    expect(standIn.uploadCount()).toBe(before);
  });

  it('refuses arguments the documentation does not give (companyNumber, comment)', async () => {
    const before = standIn.uploadCount();
    const query = `mutation ($filename: String!) { uploadArchiveFile(companyNumber: "${ACME}", filename: $filename, type: VARIOUS, category: "${CONTRACTS.id}", comment: "x") { uuid } }`;
    const answer = JSON.stringify(await post(query, { filename: 'a.pdf' }));
    expect(answer).toContain('Unknown argument \\"companyNumber\\"');
    expect(answer).toContain('Unknown argument \\"comment\\"');
    expect(standIn.uploadCount()).toBe(before);
  });

  it('refuses a file type Clearfacts does not take, as a failed upload', async () => {
    const failure = client().uploadFile(
      request({
        filename: 'photo.png',
        contentType: 'image/png',
        content: Buffer.from('89504e470d0a1a0a', 'hex'),
      }),
    );
    await expect(failure).rejects.toBeInstanceOf(ClearfactsError);
    await expect(failure).rejects.toMatchObject({ kind: 'permanent' });
  });
});

describe('the archive category cache', () => {
  it('asks again after the TTL, and does not keep a failed lookup', async () => {
    let calls = 0;
    let fail = false;
    const runner = {
      query: async () => {
        calls += 1;
        if (fail) throw new Error('network down');
        return { archiveCategories: { various: [CONTRACTS], permanent: [] } };
      },
    };
    let now = 0;
    const cache = new ArchiveCategoryCache(runner, () => now, 1000);
    await cache.resolve(ACME, { type: 'VARIOUS', category: 'Contracten' });
    now = 999;
    await cache.resolve(ACME, { type: 'VARIOUS', category: 'Contracten' });
    expect(calls).toBe(1);
    now = 1000;
    fail = true;
    await expect(cache.categories(ACME)).rejects.toThrow('network down');
    fail = false;
    await expect(cache.categories(ACME)).resolves.toEqual({ various: [CONTRACTS], permanent: [] });
    expect(calls).toBe(3);
  });
});
