import { ClearfactsError } from '../../functions/clearfacts/clearfacts-errors';
import { fetchUserinfo } from '../../functions/clearfacts/userinfo';
import { describeError } from '../../functions/shared/errors';
import { type OidcStandIn, STAND_IN_USER, startOidcStandIn } from '../support/oidc-stand-in';

const TOKEN = `PAT-${'k3Yw'.repeat(19)}`;

let login: OidcStandIn;
beforeAll(async () => {
  login = await startOidcStandIn({ personalTokens: [TOKEN] });
});
afterAll(() => login.close());

describe('the userinfo check', () => {
  it('says who a good token belongs to', async () => {
    expect(await fetchUserinfo({ loginUrl: login.issuer, token: TOKEN })).toEqual(STAND_IN_USER);
    expect(login.requests.at(-1)).toEqual({ method: 'GET', path: '/oauth2-server/userinfo' });
  });

  it('keeps a path prefix of a white-label login domain', async () => {
    const error = await fetchUserinfo({ loginUrl: `${login.issuer}/acme/`, token: TOKEN }).catch(
      (caught) => caught,
    );
    expect(login.requests.at(-1)?.path).toBe('/acme/oauth2-server/userinfo');
    expect(error).toBeInstanceOf(ClearfactsError);
  });

  it('refuses a bad token as a configuration error without quoting it', async () => {
    const bad = `BAD-${'z'.repeat(76)}`;
    const error = await fetchUserinfo({ loginUrl: login.issuer, token: bad }).catch((caught) => caught);
    expect(error).toBeInstanceOf(ClearfactsError);
    expect(error).toMatchObject({ status: 401, kind: 'configuration', operation: 'userinfo' });
    expect(describeError(error)).not.toContain(bad);
  });
});
