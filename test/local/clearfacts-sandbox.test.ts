import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClearfactsClient } from '../../functions/clearfacts/clearfacts-client';
import { ClearfactsError } from '../../functions/clearfacts/clearfacts-errors';
import { UPLOAD_FILE_MUTATION } from '../../functions/clearfacts/upload-file-mutation';
import type { UploadRequest } from '../../functions/clearfacts/uploader';
import { type ClearfactsSandbox, startClearfactsSandbox } from '../../functions/local/clearfacts-sandbox';
import type { StoredUpload } from '../../functions/local/sandbox-store';
import { textPdf } from '../../functions/local/text-pdf';

const TOKEN = 'sandbox-test-token';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('the Clearfacts sandbox', () => {
  let directory: string;
  let sandbox: ClearfactsSandbox;
  const stored: StoredUpload[] = [];

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sandbox-'));
    sandbox = await startClearfactsSandbox({
      directory,
      token: TOKEN,
      administrations: [{ name: 'Acme NV', companyNumber: '0123456749' }],
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
    expect(files).toHaveLength(4);
    expect(files.filter((name) => name.endsWith('-invoice.pdf'))).toHaveLength(2);
    const sidecar = JSON.parse(await readFile(`${stored[0]?.path}.json`, 'utf8'));
    expect(sidecar.variables).toEqual({
      companyNumber: '0123456749',
      filename: 'invoice.pdf',
      invoicetype: 'PURCHASE',
      comment: 'From: supplier',
    });
  });

  it('refuses a file type Clearfacts does not take with a GraphQL error, which the client treats as permanent', async () => {
    const failure = client().uploadFile(
      upload({ filename: 'photo.png', contentType: 'image/png', content: PNG }),
    );
    await expect(failure).rejects.toBeInstanceOf(ClearfactsError);
    await expect(failure).rejects.toMatchObject({ kind: 'permanent', status: 200 });
  });

  it('refuses an invalid company number', async () => {
    await expect(client().uploadFile(upload({ companyNumber: '0123456789' }))).rejects.toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('Invalid company number'),
    });
  });

  it('answers 401 without the right bearer token', async () => {
    await expect(client('wrong-token').uploadFile(upload())).rejects.toMatchObject({
      kind: 'configuration',
      status: 401,
    });
  });

  it('answers 500 when `tags` is sent, as the live server is reported to', async () => {
    const form = new FormData();
    form.append('query', UPLOAD_FILE_MUTATION);
    form.append('variables', JSON.stringify({ companyNumber: '0123456749', filename: 'a.pdf', tags: ['x'] }));
    form.append('file', new Blob([textPdf(['TAGGED'])], { type: 'application/pdf' }), 'a.pdf');
    const response = await fetch(sandbox.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: form,
    });
    expect(response.status).toBe(500);
    await response.text();
  });

  it('lists the administrations it was given', async () => {
    const data = await client().query('administrations', '{ administrations { name companyNumber } }');
    expect(data.administrations).toEqual([{ name: 'Acme NV', companyNumber: '0123456749', emails: [] }]);
  });
});
