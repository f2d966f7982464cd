import { ClearfactsClient, type ClearfactsClientOptions } from '../../functions/clearfacts/clearfacts-client';
import { ClearfactsError } from '../../functions/clearfacts/clearfacts-errors';
import { graphqlRequest } from '../../functions/clearfacts/graphql-request';
import type { UploadRequest } from '../../functions/clearfacts/uploader';
import { describeError, type ErrorKind } from '../../functions/shared/errors';
import {
  type ClearfactsStandIn,
  graphqlErrorResponse,
  type Responder,
  startClearfactsStandIn,
} from '../support/clearfacts-stand-in';

/** A recognisable 80-character token, like a Clearfacts personal access token. */
const TOKEN = `LEAK-CANARY-${'q7Zp3Xv9Lm2Rk8Wt4Hs6'.repeat(4)}`.slice(0, 80);

const REQUEST: UploadRequest = {
  companyNumber: '0123456749',
  invoiceType: 'SALE',
  filename: 'invoice.xml',
  contentType: 'application/xml',
  content: new TextEncoder().encode('<Invoice/>'),
};

/** Every text an error exposes: message, String(), JSON, stack, describeError, down the cause chain. */
function everythingSaidAbout(error: unknown): string[] {
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    const asError = current as { message?: unknown; stack?: unknown; cause?: unknown };
    texts.push(String(current), JSON.stringify(current), String(asError.message), String(asError.stack));
    texts.push(describeError(current));
    current = asError.cause;
  }
  return texts;
}

/** Fails if the token, or any 16-character piece of it, appears anywhere the error can be read. */
function expectNoToken(error: unknown): void {
  const pieces = Array.from({ length: TOKEN.length - 15 }, (_, start) => TOKEN.slice(start, start + 16));
  for (const text of everythingSaidAbout(error)) {
    expect(text).not.toContain(TOKEN);
    for (const piece of pieces) expect(text).not.toContain(piece);
  }
}

/** Answers that quote the bearer header, or the bare token, back in every way a server might. */
const echoes: [string, ErrorKind, Responder][] = [
  [
    '401 quoting the header',
    'configuration',
    (r) => ({ status: 401, body: { message: `${r.headers.authorization} is unknown` } }),
  ],
  [
    '403 quoting the bare token',
    'configuration',
    { status: 403, body: { message: `token ${TOKEN} lacks upload_document` } },
  ],
  ['400 quoting the token', 'permanent', { status: 400, rawBody: `bad request for ${TOKEN}` }],
  [
    '500 quoting the token on every attempt',
    'retryable',
    { status: 500, rawBody: `trace: Authorization=${TOKEN}` },
  ],
  [
    '429 with the token across the quoting limit',
    'retryable',
    { status: 429, rawBody: `${'x'.repeat(280)}${TOKEN}` },
  ],
  [
    '200 with a GraphQL error quoting the token',
    'permanent',
    graphqlErrorResponse(`no administration for ${TOKEN}`),
  ],
  [
    '200 with a GraphQL auth error quoting the header',
    'configuration',
    (r) => graphqlErrorResponse(`Unauthorized: ${r.headers.authorization}`),
  ],
  [
    '200 with a body that is not JSON and starts with the token',
    'retryable',
    { status: 200, rawBody: `${TOKEN} not json` },
  ],
  [
    '301 to a URL holding the token',
    'configuration',
    { status: 301, headers: { location: `https://x.test/graphql?token=${TOKEN}` } },
  ],
  ['an answer slower than the timeout', 'retryable', { delayMs: 5_000 }],
];

let standIn: ClearfactsStandIn;

beforeEach(async () => {
  standIn = await startClearfactsStandIn({ token: TOKEN });
});

afterEach(async () => {
  await standIn.close();
});

function client(options: Partial<ClearfactsClientOptions> = {}): ClearfactsClient {
  return new ClearfactsClient({
    apiUrl: standIn.url,
    token: () => TOKEN,
    timeoutMs: 200,
    sleep: async () => {},
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<ClearfactsError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ClearfactsError);
  return error as ClearfactsError;
}

describe('the Clearfacts token never leaks into errors', () => {
  it('is a recognisable 80-character token', () => {
    expect(TOKEN).toHaveLength(80);
  });

  it.each(echoes)('%s', async (_case, kind, responder) => {
    standIn.respondAlways(responder);

    const error = await failure(client().uploadFile(REQUEST));

    expect(error.kind).toBe(kind);
    expectNoToken(error);
  });

  it('when the server cannot be reached', async () => {
    await standIn.close();
    standIn = await startClearfactsStandIn();
    const url = standIn.url;
    await standIn.close();

    const error = await failure(client({ apiUrl: url, maxAttempts: 1 }).uploadFile(REQUEST));

    expect(error.kind).toBe('retryable');
    expectNoToken(error);
    standIn = await startClearfactsStandIn();
  });

  it('when a lower layer quotes the header in its own error, as undici does for invalid values', async () => {
    const quotingFetch: typeof fetch = async (_url, init) => {
      const header = new Headers(init?.headers).get('authorization');
      throw new TypeError(`Headers.append: "${header}" is an invalid header value.`, {
        cause: new Error(TOKEN),
      });
    };

    const error = await failure(client({ fetch: quotingFetch, maxAttempts: 1 }).uploadFile(REQUEST));

    expect(error.kind).toBe('retryable');
    expect(error.cause).toBeDefined();
    expectNoToken(error);
  });

  it('when the token cannot be sent in a header', async () => {
    const error = await failure(client({ token: () => `${TOKEN}\n${TOKEN}` }).uploadFile(REQUEST));

    expect(error.kind).toBe('configuration');
    expectNoToken(error);
    expect(standIn.requests).toHaveLength(0);
    // Positive control: the stand-in counts the request a client with a sendable token makes
    // (it refuses this tiny XML, which does not matter here).
    await client({ maxAttempts: 1 })
      .uploadFile(REQUEST)
      .catch(() => undefined);
    expect(standIn.requests).toHaveLength(1);
  });

  it('in plain GraphQL queries too', async () => {
    standIn.respondAlways((r) => ({ status: 401, body: { message: `${r.headers.authorization} expired` } }));

    const error = await failure(
      graphqlRequest({
        apiUrl: standIn.url,
        token: () => TOKEN,
        operation: 'administrations',
        query: '{ administrations { name } }',
      }),
    );

    expect(error.kind).toBe('configuration');
    expectNoToken(error);
  });
});
