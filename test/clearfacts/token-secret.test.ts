import { oidcSecret, parseTokenSecret, tokenFromSecret } from '../../functions/clearfacts/token-secret';
import { SecretError } from '../../functions/shared/errors';

const OIDC = {
  clientId: 'mail-ingest',
  clientSecret: 'client-secret-Zq81vX',
  accessToken: 'access-0123456789',
  refreshToken: 'refresh-0123456789',
  expiresAt: '2026-11-20T10:15:00.000Z',
  issuer: 'https://acme.clearfacts.be',
};

describe('the token secret', () => {
  it('reads a bare token, {"token": ...}, and an object middy already parsed', () => {
    expect(parseTokenSecret(' bare-token \n')).toEqual({ kind: 'personal', token: 'bare-token' });
    expect(parseTokenSecret('{"token":"json-token"}')).toEqual({ kind: 'personal', token: 'json-token' });
    expect(parseTokenSecret({ token: 'parsed-token' })).toEqual({ kind: 'personal', token: 'parsed-token' });
  });

  it('reads the OIDC credentials that token login stores', () => {
    expect(parseTokenSecret(oidcSecret(OIDC))).toEqual({ kind: 'oidc', credentials: OIDC });
    expect(parseTokenSecret(OIDC)).toEqual({ kind: 'oidc', credentials: OIDC });
    expect(tokenFromSecret(oidcSecret(OIDC))).toBe(OIDC.accessToken);
  });

  it('names the missing OIDC fields without quoting any value', () => {
    const broken = { ...OIDC, expiresAt: 'soon', clientSecret: undefined };
    const error = (() => {
      try {
        parseTokenSecret(JSON.stringify(broken));
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(SecretError);
    expect(error?.message).toContain('expiresAt');
    expect(error?.message).toContain('clientSecret');
    for (const value of [OIDC.accessToken, OIDC.refreshToken, 'soon'])
      expect(error?.message).not.toContain(value);
  });

  it('refuses an empty secret, such as the stack placeholder', () => {
    expect(() => parseTokenSecret('{"token": ""}')).toThrow(SecretError);
    expect(() => parseTokenSecret(undefined)).toThrow('holds no token');
  });
});
