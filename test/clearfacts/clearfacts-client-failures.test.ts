import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClearfactsClient, type ClearfactsClientOptions } from '../../functions/clearfacts/clearfacts-client';
import { ClearfactsError } from '../../functions/clearfacts/clearfacts-errors';
import type { UploadRequest } from '../../functions/clearfacts/uploader';
import {
  type ClearfactsStandIn,
  graphqlErrorResponse,
  startClearfactsStandIn,
} from '../support/clearfacts-stand-in';

const TOKEN = 'pat-for-the-failure-tests-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR';

const REQUEST: UploadRequest = {
  companyNumber: '0123456749',
  invoiceType: 'PURCHASE',
  filename: 'invoice.pdf',
  contentType: 'application/pdf',
  content: new TextEncoder().encode('%PDF-1.7 test'),
};

let standIn: ClearfactsStandIn;
let sleeps: number[];

beforeEach(async () => {
  standIn = await startClearfactsStandIn({ token: TOKEN });
  sleeps = [];
});

afterEach(async () => {
  await standIn.close();
});

function client(options: Partial<ClearfactsClientOptions> = {}): ClearfactsClient {
  return new ClearfactsClient({
    apiUrl: standIn.url,
    token: () => TOKEN,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
}

/** The error a failed upload threw, asserted to be a `ClearfactsError`. */
async function uploadFailure(uploader: ClearfactsClient = client()): Promise<ClearfactsError> {
  const error = await uploader.uploadFile(REQUEST).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ClearfactsError);
  return error as ClearfactsError;
}

describe('ClearfactsClient failures', () => {
  it('treats a 200 "Internal server error" (graphql-php hiding a fault) as retryable on the queue schedule, not in the run', async () => {
    standIn.respondWith(graphqlErrorResponse('Internal server error', { category: 'internal' }));

    const error = await uploadFailure();

    expect(error).toMatchObject({ kind: 'retryable', status: 200, outcomeUnknown: false, retryInRun: false });
    expect(standIn.requests).toHaveLength(1);
  });

  it('treats a GraphQL error without a category on our well-formed request as a fault inside Clearfacts', async () => {
    standIn.respondWith(graphqlErrorResponse('Something went wrong'));

    expect((await uploadFailure()).kind).toBe('retryable');
  });

  it('treats a 200 with a GraphQL error about our arguments as a permanent failure, without retrying', async () => {
    standIn.respondWith(graphqlErrorResponse('Administration 0123456749 not found', { category: 'user' }));

    const error = await uploadFailure();

    expect(error.kind).toBe('permanent');
    expect(error.status).toBe(200);
    expect(error.operation).toBe('uploadFile');
    expect(error.message).toContain(`POST ${standIn.url}`);
    expect(error.message).toContain('Administration 0123456749 not found');
    expect(standIn.requests).toHaveLength(1);
    expect(standIn.uploads).toHaveLength(0);
  });

  it('treats a null uploadFile without errors as a permanent failure', async () => {
    standIn.respondWith({ status: 200, body: { data: { uploadFile: null } } });

    const error = await uploadFailure();

    expect(error.kind).toBe('permanent');
    expect(error.message).toContain('data.uploadFile is null');
  });

  it('treats a GraphQL error about access as a configuration problem', async () => {
    standIn.respondWith(
      graphqlErrorResponse('Access denied to this administration', { category: 'authorization' }),
    );

    const error = await uploadFailure();

    expect(error.kind).toBe('configuration');
    expect(standIn.requests).toHaveLength(1);
  });

  it('treats a rejected token (401) as a configuration error and does not retry it', async () => {
    const error = await uploadFailure(client({ token: () => 'a-token-that-clearfacts-does-not-know' }));

    expect(error.kind).toBe('configuration');
    expect(error.status).toBe(401);
    expect(error.message).toMatch(
      /^Clearfacts uploadFile failed: POST http:\/\/127\.0\.0\.1:\d+\/graphql answered 401/,
    );
    expect(standIn.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('treats 403 as a configuration error', async () => {
    standIn.respondWith({ status: 403, body: { message: 'Missing scope upload_document' } });

    const error = await uploadFailure();

    expect(error.kind).toBe('configuration');
    expect(standIn.requests).toHaveLength(1);
  });

  it('treats other 4xx answers as permanent, without retrying', async () => {
    standIn.respondWith({ status: 400, body: { message: 'Bad request' } });

    const error = await uploadFailure();

    expect(error.kind).toBe('permanent');
    expect(error.status).toBe(400);
    expect(standIn.requests).toHaveLength(1);
  });

  it('retries after a 429 and succeeds', async () => {
    standIn.respondWith({ status: 429 });

    const uploaded = await client().uploadFile(REQUEST);

    expect(uploaded.uuid).toBe(standIn.uploads[0]?.uuid);
    expect(standIn.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });

  it('waits as long as a 429 Retry-After asks', async () => {
    standIn.respondWith({ status: 429, headers: { 'retry-after': '7' } });

    await client().uploadFile(REQUEST);

    expect(sleeps).toEqual([7000]);
  });

  it('stops at once when Retry-After asks for longer than one run may wait, and says how long', async () => {
    standIn.respondWith({ status: 503, headers: { 'retry-after': '3600' } });

    const error = await uploadFailure();

    expect(error.kind).toBe('retryable');
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(standIn.requests).toHaveLength(1);
  });

  it('succeeds after 503, 503 and then 200, with growing backoff', async () => {
    standIn.respondWith({ status: 503 }, { status: 503 });

    const uploaded = await client().uploadFile(REQUEST);

    expect(uploaded.uuid).toBe(standIn.uploads[0]?.uuid);
    expect(standIn.requests).toHaveLength(3);
    expect(standIn.uploads).toHaveLength(1);
    // Full jitter with random() = 0.5: half of 500 ms, then half of 1000 ms.
    expect(sleeps).toEqual([250, 500]);
  });

  it('gives up after maxAttempts 5xx answers with a retryable error that counts them', async () => {
    standIn.respondAlways({ status: 500, rawBody: '<html>Server error</html>' });

    const error = await uploadFailure();

    expect(error.kind).toBe('retryable');
    expect(error.status).toBe(500);
    expect(error.message).toContain('gave up after 3 attempts');
    expect(error.message).toContain('<html>Server error</html>');
    expect(standIn.requests).toHaveLength(3);
  });

  it.each([502, 504])(
    'never repeats an upload answered %i by a gateway within the run: its outcome is unknown',
    async (status) => {
      standIn.respondAlways({ status, rawBody: '<html>Gateway</html>' });

      const error = await uploadFailure();

      expect(error).toMatchObject({ kind: 'retryable', status, outcomeUnknown: true });
      expect(standIn.requests).toHaveLength(1);
    },
  );

  it('treats an answer that is not JSON as retryable', async () => {
    standIn.respondWith({ status: 200, rawBody: '<html>Maintenance</html>' });

    const uploaded = await client().uploadFile(REQUEST);

    expect(uploaded.uuid).toBe(standIn.uploads[0]?.uuid);
    expect(standIn.requests).toHaveLength(2);
  });

  it('turns an upload slower than its timeout into a retryable error of unknown outcome, sent once', async () => {
    standIn.respondAlways({ delayMs: 5_000 });

    const error = await uploadFailure(client({ timeoutMs: 100, maxAttempts: 2 }));

    expect(error).toMatchObject({ kind: 'retryable', outcomeUnknown: true });
    // The base plus a second per started 256 KB of body: this small upload gets 100 ms + 1 s.
    expect(error.message).toContain('timed out after 1100 ms');
    expect(standIn.requests).toHaveLength(1);
  });

  it('turns an unreachable server into a retryable error', async () => {
    const closedPort = await freePort();

    const error = await uploadFailure(
      client({ apiUrl: `http://127.0.0.1:${closedPort}/graphql`, maxAttempts: 1 }),
    );

    expect(error.kind).toBe('retryable');
    expect(error.status).toBeUndefined();
    expect(error.message).toContain('could not be reached');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('does not follow a redirect, and asks for the final URL to be configured', async () => {
    standIn.respondWith({ status: 301, headers: { location: 'https://api.example.test/graphql?key=1' } });

    const error = await uploadFailure();

    expect(error.kind).toBe('configuration');
    expect(error.message).toContain('redirecting to https://api.example.test/graphql');
    expect(standIn.requests).toHaveLength(1);
  });

  it('refuses an empty token without sending anything', async () => {
    const error = await uploadFailure(client({ token: () => '  ' }));

    expect(error.kind).toBe('configuration');
    expect(error.message).toContain('token is empty');
    expect(standIn.requests).toHaveLength(0);
    // Positive control: the stand-in counts the request the same client makes with a token.
    await client().uploadFile(REQUEST);
    expect(standIn.requests).toHaveLength(1);
  });
});

/** A port nothing listens on: bound once, then released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
