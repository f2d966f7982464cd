import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClearfactsClient } from '../../../functions/clearfacts/clearfacts-client';
import { ClearfactsError } from '../../../functions/clearfacts/clearfacts-errors';
import { UPLOAD_FILE_MUTATION } from '../../../functions/clearfacts/upload-file-mutation';
import type { UploadRequest } from '../../../functions/clearfacts/uploader';
import {
  type ClearfactsSandbox,
  startClearfactsSandbox,
} from '../../../functions/local/clearfacts/clearfacts-sandbox';
import type { StoredUpload } from '../../../functions/local/clearfacts/sandbox-store';
import {
  forFilename,
  INTERNAL_ERROR,
  refusedUpload,
  STORE_THEN_CUT,
  STORED_WITH_ERRORS,
  slowAnswer,
} from '../../../functions/local/clearfacts/stand-in-faults';
import { textPdf } from '../../../functions/local/text-pdf';

const TOKEN = 'sandbox-test-token';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const ADMINISTRATIONS = [
  { name: 'Acme NV', companyNumber: '0123456749' },
  { name: 'Peeters BV', companyNumber: '0203201340' },
  { name: 'Smet NV', companyNumber: '0403170701' },
];

describe('the Clearfacts stand-in', () => {
  let directory: string;
  let sandbox: ClearfactsSandbox;
  const stored: StoredUpload[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sandbox-'));
    sandbox = await startClearfactsSandbox({
      directory,
      token: TOKEN,
      administrations: ADMINISTRATIONS,
      pageSize: 2,
      onUpload: (upload) => stored.push(upload),
    });
  });

  afterAll(async () => {
    await sandbox.close();
    await rm(directory, { recursive: true, force: true });
  });

  const client = (token = TOKEN) =>
    new ClearfactsClient({ apiUrl: sandbox.url, token: () => token, maxAttempts: 1 });

  const upload = (overrides: Partial<UploadRequest> = {}): UploadRequest => ({
    companyNumber: '0123456749',
    invoiceType: 'PURCHASE',
    filename: 'invoice.pdf',
    contentType: 'application/pdf',
    content: textPdf(['INVOICE 1']),
    comment: 'From: supplier',
    ...overrides,
  });

  /** Posts a multipart upload with any mutation text and variables, as a careless client would. */
  async function post(query: string, variables: Record<string, unknown>): Promise<Response> {
    const form = new FormData();
    form.append('query', query);
    form.append('variables', JSON.stringify(variables));
    form.append('file', new Blob([textPdf(['RAW'])], { type: 'application/pdf' }), 'a.pdf');
    return fetch(sandbox.url, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form });
  }

  it('accepts what the real client sends and keeps every upload, a repeat included, as its own file', async () => {
    const first = await client().uploadFile(upload());
    const second = await client().uploadFile(upload());
    expect(first).toEqual({
      uuid: expect.any(String),
      name: 'invoice.pdf',
      amountOfPages: 1,
      comment: 'From: supplier',
    });
    expect(second.uuid).not.toBe(first.uuid);

    const files = (await readdir(join(directory, '0123456749'))).sort();
    expect(files.filter((name) => name.endsWith('-invoice.pdf'))).toHaveLength(2);
    const sidecar = JSON.parse(await readFile(`${stored[0]?.path}.json`, 'utf8'));
    expect(sidecar.variables).toEqual({
      companyNumber: '0123456749',
      filename: 'invoice.pdf',
      invoicetype: 'PURCHASE',
      comment: 'From: supplier',
    });
  });

  it('answers an unknown argument and an unknown field with graphql-php-shaped errors, storing nothing', async () => {
    const before = sandbox.uploadCount();
    const response = await post(
      'mutation ($filename: String!) { uploadFile(filename: $filename, company: "0123456749") { uuid size } }',
      { filename: 'a.pdf' },
    );
    const body = (await response.json()) as { errors: { message: string; extensions: unknown }[] };
    expect(response.status).toBe(200);
    expect(body.errors.map((error) => error.message)).toEqual([
      'Unknown argument "company" on field "Mutation.uploadFile". Did you mean "comment"?',
      'Cannot query field "size" on type "File".',
    ]);
    expect(body.errors[0]?.extensions).toEqual({ category: 'graphql' });
    expect(sandbox.uploadCount()).toBe(before);
  });

  it('checks variable types against the documented signature (InvoiceTypeArgument: PURCHASE, SALE, VARIOUS)', async () => {
    const wrong = await post(UPLOAD_FILE_MUTATION, {
      companyNumber: '0123456749',
      filename: 'a.pdf',
      invoicetype: 'EXPENSE',
    });
    expect(JSON.stringify(await wrong.json())).toContain(
      'Variable \\"$invoicetype\\" got invalid value \\"EXPENSE\\"',
    );
    const various = await client().uploadFile(upload({ invoiceType: 'VARIOUS' }));
    expect(sandbox.uploads.at(-1)).toMatchObject({ uuid: various.uuid, invoicetype: 'VARIOUS' });
  });

  it('refuses a company number its token cannot reach, and a file type Clearfacts does not take', async () => {
    await expect(client().uploadFile(upload({ companyNumber: '0345678997' }))).rejects.toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('No administration with company number 0345678997'),
    });
    const failure = client().uploadFile(
      upload({ filename: 'photo.png', contentType: 'image/png', content: PNG }),
    );
    await expect(failure).rejects.toBeInstanceOf(ClearfactsError);
    await expect(failure).rejects.toMatchObject({ kind: 'permanent', status: 200 });
  });

  it('answers 401 without the right bearer token', async () => {
    await expect(client('wrong-token').uploadFile(upload())).rejects.toMatchObject({
      kind: 'configuration',
      status: 401,
    });
  });

  it('answers `tags` as the live API was seen to: HTTP 200, "Internal server error", uploadFile null', async () => {
    const before = sandbox.uploadCount();
    const response = await post(
      'mutation ($filename: String!, $tags: [String]) { uploadFile(companyNumber: "0123456749", filename: $filename, tags: $tags) { uuid } }',
      { filename: 'a.pdf', tags: ['x'] },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: { uploadFile: null },
      errors: [
        {
          message: 'Internal server error',
          locations: [{ line: 1, column: 50 }],
          path: ['uploadFile'],
          extensions: { category: 'internal' },
        },
      ],
    });
    expect(sandbox.uploadCount()).toBe(before);
  });

  it('pages administrations by offset and first, never more than its page size', async () => {
    const page = (offset: number) =>
      client().query(
        'administrations',
        `{ administrations(offset: ${offset}, first: 50) { name companyNumber emails { type emailAddress } } }`,
      );
    expect((await page(0)).administrations).toEqual([
      { name: 'Acme NV', companyNumber: '0123456749', emails: [] },
      { name: 'Peeters BV', companyNumber: '0203201340', emails: [] },
    ]);
    expect((await page(2)).administrations).toEqual([
      { name: 'Smet NV', companyNumber: '0403170701', emails: [] },
    ]);
    expect((await page(3)).administrations).toEqual([]);
  });

  describe('injects a fault into one request', () => {
    it('a 503 with Retry-After, then answers normally again', async () => {
      sandbox.respondWith({ status: 503, headers: { 'retry-after': '2' } });
      await expect(client().uploadFile(upload())).rejects.toMatchObject({ status: 503, retryAfterMs: 2000 });
      await expect(client().uploadFile(upload())).resolves.toMatchObject({ name: 'invoice.pdf' });
    });

    it('a 200 "Internal server error" that stores nothing', async () => {
      const before = sandbox.uploadCount();
      sandbox.respondWith(INTERNAL_ERROR);
      const response = await post(UPLOAD_FILE_MUTATION, { companyNumber: '0123456749', filename: 'a.pdf' });
      expect(await response.json()).toEqual({
        data: { uploadFile: null },
        errors: [{ message: 'Internal server error', extensions: { category: 'internal' } }],
      });
      expect(sandbox.uploadCount()).toBe(before);
    });

    it('an upload stored and then cut off before the answer', async () => {
      const before = sandbox.uploadCount();
      sandbox.respondWith(STORE_THEN_CUT);
      await expect(
        post(UPLOAD_FILE_MUTATION, { companyNumber: '0123456749', filename: 'a.pdf' }),
      ).rejects.toThrow();
      expect(sandbox.uploadCount()).toBe(before + 1);
    });

    it('an upload stored and answered with its uuid and an error beside it', async () => {
      sandbox.respondWith(STORED_WITH_ERRORS);
      const response = await post(UPLOAD_FILE_MUTATION, { companyNumber: '0123456749', filename: 'a.pdf' });
      const body = (await response.json()) as { data: { uploadFile: { uuid: string } }; errors: unknown[] };
      expect(body.data.uploadFile.uuid).toBe(sandbox.uploads.at(-1)?.uuid);
      expect(body.errors).toHaveLength(1);
    });

    it('a refusal for good of one filename, after the usual checks, the others stored', async () => {
      const before = sandbox.uploadCount();
      sandbox.respondAlways(
        forFilename('refused.xml', refusedUpload('The e-invoice could not be processed.')),
      );
      try {
        const refused = await post(UPLOAD_FILE_MUTATION, {
          companyNumber: '0123456749',
          filename: 'refused.xml',
        });
        // Strict as ever: an unknown company is told so, not given the injected refusal.
        const stranger = await post(UPLOAD_FILE_MUTATION, {
          companyNumber: '0202239951',
          filename: 'refused.xml',
        });
        const other = await post(UPLOAD_FILE_MUTATION, {
          companyNumber: '0123456749',
          filename: 'other.pdf',
        });
        expect(await refused.json()).toMatchObject({
          data: { uploadFile: null },
          errors: [{ message: 'The e-invoice could not be processed.', extensions: { category: 'user' } }],
        });
        expect(await stranger.json()).toMatchObject({
          errors: [{ message: 'No administration with company number 0202239951 for this user.' }],
        });
        expect(await other.json()).toMatchObject({ data: { uploadFile: { name: 'other.pdf' } } });
        expect(sandbox.uploadCount()).toBe(before + 1);
      } finally {
        sandbox.respondAlways({ fault: 'none' });
      }
    });

    it('a slow answer, stored before the client gives up', async () => {
      const before = sandbox.uploadCount();
      sandbox.respondWith(slowAnswer(5_000));
      const impatient = new ClearfactsClient({
        apiUrl: sandbox.url,
        token: () => TOKEN,
        timeoutMs: 100,
        maxAttempts: 1,
      });
      await expect(impatient.uploadFile(upload())).rejects.toMatchObject({ kind: 'retryable' });
      expect(sandbox.uploadCount()).toBe(before + 1);
    });
  });

  it('answers 404 outside /graphql, and 400 to a body it cannot parse', async () => {
    const elsewhere = await fetch(sandbox.url.replace('/graphql', '/other'), { method: 'POST', body: '{}' });
    const garbled = await fetch(sandbox.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: '{not json',
    });
    expect(elsewhere.status).toBe(404);
    expect(garbled.status).toBe(400);
    expect(sandbox.requests.at(-1)?.parseError).toBeDefined();
  });
});
