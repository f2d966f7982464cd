/**
 * Clearfacts' OpenID Connect paths, the same on every login domain (`login.clearfacts.be`, an
 * accountant's `<name>.clearfacts.be`, a white-label domain). The token and userinfo paths are
 * documented; the authorize path follows the same server's layout (its discovery document lists it).
 */
export const AUTHORIZE_PATH = '/oauth2-server/authorize';
/** Code exchange and refresh (form POST). */
export const TOKEN_PATH = '/oauth2-server/token';
/** `GET` with the bearer token: `{ sub, username, email }`. */
export const USERINFO_PATH = '/oauth2-server/userinfo';

/** The three addresses of one issuer. */
export interface OidcEndpoints {
  readonly issuer: string;
  readonly authorize: string;
  readonly token: string;
  readonly userinfo: string;
}

/** The endpoints under `issuer` (`CLEARFACTS_LOGIN_URL`); a path prefix in the issuer is kept. */
export function oidcEndpoints(issuer: string): OidcEndpoints {
  const base = issuer.replace(/\/+$/, '');
  return {
    issuer: base,
    authorize: `${base}${AUTHORIZE_PATH}`,
    token: `${base}${TOKEN_PATH}`,
    userinfo: `${base}${USERINFO_PATH}`,
  };
}
