import { ClearfactsClient } from '../../functions/clearfacts/clearfacts-client';
import { MAX_COMMENT_LENGTH } from '../../functions/clearfacts/provenance-comment';
import type { UploadRequest } from '../../functions/clearfacts/uploader';
import { type ClearfactsStandIn, startClearfactsStandIn } from '../support/clearfacts-stand-in';

const TOKEN = 'pat-for-the-request-format-tests-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ';

/** Bytes that would break a text-based multipart writer: NUL, CR LF, a fake boundary, high bytes. */
const PDF_BYTES = new Uint8Array([
  ...new TextEncoder().encode('%PDF-1.7\r\n--boundary\r\n'),
  0x00,
  0xff,
  0xfe,
  0x0d,
  0x0a,
  ...new TextEncoder().encode('%%EOF'),
]);

const REQUEST: UploadRequest = {
  companyNumber: '0123456749',
  invoiceType: 'PURCHASE',
  filename: 'factuur 2024-001 été.pdf',
  contentType: 'application/pdf',
  content: PDF_BYTES,
  comment: 'From: billing@supplier.be; Subject: Invoice 2024-001; Message: <abc@supplier.be>',
};

let standIn: ClearfactsStandIn;

beforeEach(async () => {
  standIn = await startClearfactsStandIn({ token: TOKEN });
});

afterEach(async () => {
  await standIn.close();
});

function client(): ClearfactsClient {
  return new ClearfactsClient({ apiUrl: standIn.url, token: () => TOKEN, sleep: async () => {} });
}

describe('ClearfactsClient.uploadFile', () => {
  it('sends exactly the parts query, variables and file, in that order', async () => {
    await client().uploadFile(REQUEST);

    expect(standIn.requests).toHaveLength(1);
    const [request] = standIn.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/graphql');
    expect(request?.contentType).toBe('multipart/form-data');
    expect(request?.partNames).toEqual(['query', 'variables', 'file']);
  });

  it('sends the mutation with companyNumber, filename, invoicetype and comment, and never tags', async () => {
    await client().uploadFile(REQUEST);

    const request = standIn.requests[0];
    expect(request?.variables).toEqual({
      companyNumber: '0123456749',
      filename: 'factuur 2024-001 été.pdf',
      invoicetype: 'PURCHASE',
      comment: 'From: billing@supplier.be; Subject: Invoice 2024-001; Message: <abc@supplier.be>',
    });
    expect(request?.query).toMatch(/^mutation\b/);
    expect(request?.query).toMatch(/uploadFile\(companyNumber: \$companyNumber, filename: \$filename/);
    expect(request?.query).toMatch(/\{\s*uuid\s+name\s+amountOfPages\s+comment\s*\}/);
    expect(new TextDecoder().decode(request?.body)).not.toMatch(/tags/i);
  });

  it('sends the file with its name, content type and exact bytes', async () => {
    await client().uploadFile(REQUEST);

    const file = standIn.requests[0]?.file;
    expect(file?.name).toBe('factuur 2024-001 été.pdf');
    expect(file?.type).toBe('application/pdf');
    expect(Buffer.from(file?.bytes ?? [])).toEqual(Buffer.from(PDF_BYTES));
  });

  it('authenticates with the bearer token from the provider', async () => {
    await client().uploadFile(REQUEST);

    expect(standIn.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('asks the token provider on every call, so a rotated secret is used at once', async () => {
    const open = await startClearfactsStandIn();
    try {
      const tokens = ['first-token', 'rotated-token'];
      const rotating = new ClearfactsClient({
        apiUrl: open.url,
        token: async () => tokens.shift() ?? 'exhausted',
        sleep: async () => {},
      });

      await rotating.uploadFile(REQUEST);
      await rotating.uploadFile(REQUEST);

      expect(open.requests.map((request) => request.headers.authorization)).toEqual([
        'Bearer first-token',
        'Bearer rotated-token',
      ]);
    } finally {
      await open.close();
    }
  });

  it('returns the uploaded file, whose uuid is the proof of delivery', async () => {
    const uploaded = await client().uploadFile(REQUEST);

    expect(uploaded.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(uploaded).toEqual({
      uuid: standIn.uploads[0]?.uuid,
      name: REQUEST.filename,
      amountOfPages: 1,
      comment: REQUEST.comment,
    });
  });

  it('leaves out the comment when there is none', async () => {
    await client().uploadFile({ ...REQUEST, comment: undefined });

    expect(standIn.requests[0]?.variables).toEqual({
      companyNumber: '0123456749',
      filename: REQUEST.filename,
      invoicetype: 'PURCHASE',
    });
  });

  it('trims an overlong comment and removes its control characters', async () => {
    await client().uploadFile({ ...REQUEST, comment: `Subject: a\r\nb\u0000c ${'x'.repeat(2000)}` });

    const comment = standIn.requests[0]?.variables?.comment;
    expect(typeof comment).toBe('string');
    expect(Array.from(comment as string)).toHaveLength(MAX_COMMENT_LENGTH);
    expect(comment).toMatch(/^Subject: a b c x+…$/);
  });

  it('hands fetch the document itself in a plain stream, not a copy, on every attempt', async () => {
    // fetch copies every chunk of an async iterable body (twice): a 10 MB scan would cost 20 MB more.
    standIn.respondWith({ status: 503 });
    const content = new Uint8Array(PDF_BYTES);
    const bodies: Array<{ kind: string; chunks: Uint8Array[] }> = [];
    const recording: typeof fetch = async (input, init) => {
      const body = init?.body;
      if (!(body instanceof ReadableStream)) throw new Error(`not a ReadableStream: ${String(body)}`);
      // Only a byte stream (`type: 'bytes'`) gives a BYOB reader; fetch would take its chunks over.
      let kind = 'plain stream';
      try {
        body.getReader({ mode: 'byob' }).releaseLock();
        kind = 'byte stream';
      } catch {}
      const chunks: Uint8Array[] = [];
      for await (const chunk of body) chunks.push(chunk);
      bodies.push({ kind, chunks });
      return fetch(input, { ...init, body: Buffer.concat(chunks) });
    };
    const recordingClient = new ClearfactsClient({
      apiUrl: standIn.url,
      token: () => TOKEN,
      sleep: async () => {},
      fetch: recording,
    });

    await recordingClient.uploadFile({ ...REQUEST, content });

    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      expect(body.kind).toBe('plain stream');
      // The very same object, not equal bytes: toContain compares with ===.
      expect(body.chunks).toContain(content);
    }
    expect(Buffer.from(standIn.requests[1]?.file?.bytes ?? [])).toEqual(Buffer.from(PDF_BYTES));
  });

  it('sends the same bytes again on a retry', async () => {
    standIn.respondWith({ status: 503 });

    await client().uploadFile(REQUEST);

    expect(standIn.requests).toHaveLength(2);
    expect(standIn.requests[1]?.partNames).toEqual(['query', 'variables', 'file']);
    expect(Buffer.from(standIn.requests[1]?.file?.bytes ?? [])).toEqual(Buffer.from(PDF_BYTES));
  });
});
