import { ClearfactsClient } from '../../functions/clearfacts/clearfacts-client';
import { ClearfactsError } from '../../functions/clearfacts/clearfacts-errors';
import { graphqlRequest } from '../../functions/clearfacts/graphql-request';
import { type ClearfactsStandIn, startClearfactsStandIn } from '../support/clearfacts-stand-in';

const TOKEN = 'pat-for-the-graphql-request-tests-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHI';
const ADMINISTRATIONS_QUERY = '{ administrations { name companyNumber emails { type emailAddress } } }';
const ACME = {
  name: 'Acme BV',
  companyNumber: '0123456749',
  emails: [{ type: 'PURCHASE', emailAddress: 'aankoop-0123456749@accountant.clearfacts.be' }],
};

let standIn: ClearfactsStandIn;

beforeEach(async () => {
  standIn = await startClearfactsStandIn({ token: TOKEN, administrations: [ACME] });
});

afterEach(async () => {
  await standIn.close();
});

const noSleep = async (): Promise<void> => {};

describe('graphqlRequest', () => {
  it('posts the query and variables as JSON with the bearer token, and returns data', async () => {
    const data = await graphqlRequest({
      apiUrl: standIn.url,
      token: () => TOKEN,
      operation: 'administrations',
      query: ADMINISTRATIONS_QUERY,
      variables: { first: 10 },
    });

    expect(data).toEqual({ administrations: [ACME] });
    const request = standIn.requests[0];
    expect(request?.contentType).toBe('application/json');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.query).toBe(ADMINISTRATIONS_QUERY);
    expect(request?.variables).toEqual({ first: 10 });
  });

  it('classifies failures like uploads do, retrying only what is retryable', async () => {
    standIn.respondWith(
      { status: 503 },
      { status: 200, body: { errors: [{ message: 'Cannot query field "x"' }] } },
    );

    const error = await graphqlRequest({
      apiUrl: standIn.url,
      token: () => TOKEN,
      operation: 'administrations',
      query: '{ x }',
      sleep: noSleep,
    }).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(ClearfactsError);
    expect((error as ClearfactsError).kind).toBe('permanent');
    expect((error as ClearfactsError).message).toContain('Clearfacts administrations failed');
    expect(standIn.requests).toHaveLength(2);
  });

  it('is what ClearfactsClient.query runs, with the client settings', async () => {
    const client = new ClearfactsClient({ apiUrl: standIn.url, token: () => TOKEN, sleep: noSleep });
    standIn.respondWith({ status: 500 });

    const data = await client.query('administrations', ADMINISTRATIONS_QUERY);

    expect(data).toEqual({ administrations: [ACME] });
    expect(standIn.requests).toHaveLength(2);
  });
});
