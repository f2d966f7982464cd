import { OidcError } from '../../../functions/clearfacts/oidc/oidc-errors';
import { refreshForm, requestTokens } from '../../../functions/clearfacts/oidc/token-endpoint';
import { describeError } from '../../../functions/shared/errors';
import { type OidcStandIn, startOidcStandIn } from '../../support/oidc-stand-in';

const CLIENT = { clientId: 'mail-ingest', clientSecret: 'client-secret-Zq81vX' };

let login: OidcStandIn;
beforeAll(async () => {
  login = await startOidcStandIn({ clients: [CLIENT] });
});
afterAll(() => login.close());

describe('the token endpoint', () => {
  it('rotates the refresh token on every refresh', async () => {
    const { refreshToken } = login.issueTokens(CLIENT.clientId);
    const granted = await requestTokens({
      tokenUrl: `${login.issuer}/oauth2-server/token`,
      form: refreshForm({ ...CLIENT, refreshToken }),
    });
    expect(granted.refreshToken).toBeDefined();
    expect(granted.refreshToken).not.toBe(refreshToken);
    expect(granted.expiresInSeconds).toBe(3600);
    expect(login.liveRefreshTokens()).not.toContain(refreshToken);
  });

  it('classifies a spent refresh token as invalid_grant and redacts the echo of it', async () => {
    const { refreshToken } = login.issueTokens(CLIENT.clientId);
    const form = refreshForm({ ...CLIENT, refreshToken });
    await requestTokens({ tokenUrl: `${login.issuer}/oauth2-server/token`, form });

    const error = await requestTokens({ tokenUrl: `${login.issuer}/oauth2-server/token`, form }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(OidcError);
    expect(error).toMatchObject({ oauthError: 'invalid_grant', status: 400, kind: 'configuration' });
    expect(describeError(error)).toContain('[redacted]');
    expect(describeError(error)).not.toContain(refreshToken);
    expect(describeError(error)).not.toContain(CLIENT.clientSecret);
  });

  it('treats an unreachable login server as retryable', async () => {
    const error = await requestTokens({
      tokenUrl: 'http://127.0.0.1:9/oauth2-server/token',
      form: refreshForm({ ...CLIENT, refreshToken: 'rt-unreachable-0123456789' }),
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'retryable' });
    expect(describeError(error)).not.toContain('rt-unreachable-0123456789');
  });
});
