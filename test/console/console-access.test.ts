import type { IncomingMessage } from 'node:http';
import { checkAccess, checkCsrf, newConsoleSecrets } from '../../functions/console/console-access';

const PORT = 41234;
const secrets = newConsoleSecrets();

function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

function url(query = ''): URL {
  return new URL(`http://127.0.0.1:${PORT}/messages${query}`);
}

describe('who may use the console', () => {
  it('admits the printed token once in the address, then the cookie, on a loopback Host only', () => {
    expect(
      checkAccess(
        request({ host: `127.0.0.1:${PORT}` }),
        url(`?token=${secrets.accessToken}`),
        PORT,
        secrets,
      ),
    ).toEqual({
      ok: true,
      fromUrl: true,
    });
    const cookie = `other=1; clearfacts_console=${secrets.accessToken}`;
    expect(checkAccess(request({ host: `localhost:${PORT}`, cookie }), url(), PORT, secrets)).toEqual({
      ok: true,
      fromUrl: false,
    });
    expect(checkAccess(request({ host: `127.0.0.1:${PORT}` }), url(), PORT, secrets)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(
      checkAccess(
        request({ host: `127.0.0.1:${PORT}`, cookie: 'clearfacts_console=guess' }),
        url('?token=guess'),
        PORT,
        secrets,
      ),
    ).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses a foreign or missing Host even with the right token (DNS rebinding)', () => {
    for (const host of [`rebound.example:${PORT}`, `127.0.0.1:${PORT + 1}`, '127.0.0.1', undefined]) {
      const headers: Record<string, string> = host === undefined ? {} : { host };
      expect(
        checkAccess(request(headers), url(`?token=${secrets.accessToken}`), PORT, secrets),
      ).toMatchObject({
        ok: false,
        status: 400,
      });
    }
  });

  it('accepts a form only with this run’s CSRF token and from the console’s own origin', () => {
    const form = (token: string): URLSearchParams => new URLSearchParams({ csrf: token });
    expect(
      checkCsrf(request({ origin: `http://127.0.0.1:${PORT}` }), form(secrets.csrfToken), PORT, secrets),
    ).toBeUndefined();
    expect(checkCsrf(request({}), form(secrets.csrfToken), PORT, secrets)).toBeUndefined();
    expect(checkCsrf(request({}), form(newConsoleSecrets().csrfToken), PORT, secrets)).toMatch(/token/);
    expect(checkCsrf(request({}), new URLSearchParams(), PORT, secrets)).toMatch(/token/);
    expect(checkCsrf(request({ origin: 'null' }), form(secrets.csrfToken), PORT, secrets)).toMatch(
      /from null/,
    );
    expect(
      checkCsrf(request({ origin: 'http://attacker.example' }), form(secrets.csrfToken), PORT, secrets),
    ).toMatch(/attacker/);
  });

  it('makes new secrets every run', () => {
    const other = newConsoleSecrets();
    expect(other.accessToken).not.toBe(secrets.accessToken);
    expect(other.csrfToken).not.toBe(secrets.csrfToken);
    expect(secrets.accessToken).toMatch(/^[\w-]{43}$/);
  });
});
