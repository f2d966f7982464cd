import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseTokenSecret } from '../../functions/clearfacts/token-secret';
import type { AwsAccess } from '../../functions/cli/cli-deps';
import type { SecretInputStream } from '../../functions/cli/read-secret-input';
import { runTokenCommand } from '../../functions/cli/token-command';
import { LocalFileTokenStore, localSecretPath } from '../../functions/secrets/local-file-store';
import { SecretsManagerTokenStore } from '../../functions/secrets/secrets-manager-store';
import { captureOutput } from '../support/capture-output';
import { type OidcStandIn, startOidcStandIn } from '../support/oidc-stand-in';
import { FakeSecretsManager } from '../support/secrets-manager-fake';

/** 80 characters, recognisable anywhere it might leak. */
const TOKEN = `SET-LEAK-CANARY-${'p8Lm'.repeat(16)}`.slice(0, 80);
const CLIENT = { clientId: 'mail-ingest', clientSecret: 'client-secret-LEAK-Zq81vX' };

let login: OidcStandIn;
beforeAll(async () => {
  login = await startOidcStandIn({ clients: [CLIENT], personalTokens: [TOKEN] });
});
afterAll(() => login.close());

function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'token-'));
}

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { CLEARFACTS_LOGIN_URL: login.issuer, ...extra };
}

/** Standard input as a pipe: `echo $TOKEN | npm run cli -- token set`. */
function piped(text: string): SecretInputStream {
  return Readable.from([text]);
}

async function stored(dataDir: string) {
  return parseTokenSecret((await new LocalFileTokenStore(localSecretPath(dataDir)).read()).value);
}

describe('npm run cli -- token set', () => {
  it('checks a piped token with userinfo and stores it, never printing it', async () => {
    const dataDir = freshDataDir();
    const { result, output } = await captureOutput(() =>
      runTokenCommand(['set', '--local', '--data-dir', dataDir], env(), { stdin: piped(`${TOKEN}\n`) }),
    );
    expect(result).toBe(0);
    expect(output).toContain(
      'Stored the personal access token of jan.peeters <jan@acme.example> in the file',
    );
    expect(output).not.toContain(TOKEN);
    expect(await stored(dataDir)).toEqual({ kind: 'personal', token: TOKEN });
  });

  it('asks on a terminal without echoing what is typed', async () => {
    const dataDir = freshDataDir();
    const terminal = Object.assign(new PassThrough(), { isTTY: true, setRawMode: jest.fn() });
    const run = captureOutput(() =>
      runTokenCommand(['set', '--local', '--data-dir', dataDir], env(), { stdin: terminal }),
    );
    // Typed key by key, with a typo corrected by backspace, then Enter.
    for (const key of [...TOKEN.slice(0, 10), 'X', '\u007f', ...TOKEN.slice(10), '\r']) terminal.write(key);
    const { result, output } = await run;

    expect(result).toBe(0);
    expect(terminal.setRawMode.mock.calls).toEqual([[true], [false]]);
    expect(output).toContain('Clearfacts personal access token (input hidden): \n');
    expect(output).not.toContain(TOKEN.slice(0, 16));
    expect(await stored(dataDir)).toEqual({ kind: 'personal', token: TOKEN });
  });

  it('rejects a token Clearfacts refuses and stores nothing', async () => {
    const dataDir = freshDataDir();
    const store = new LocalFileTokenStore(localSecretPath(dataDir));
    await store.put('{"token":"the-previous-good-one"}');
    const bad = `BAD-LEAK-CANARY-${'q'.repeat(64)}`;

    const { result, output } = await captureOutput(() =>
      runTokenCommand(['set', '--local', '--data-dir', dataDir], env(), { stdin: piped(bad) }),
    );

    expect(result).toBe(1);
    expect(output).toContain('Clearfacts refused this token (401 from');
    expect(output).toContain('nothing was stored');
    expect(output).not.toContain(bad);
    expect(await stored(dataDir)).toEqual({ kind: 'personal', token: 'the-previous-good-one' });
  });

  it('stores into the deployed secret named by --secret-id', async () => {
    const fake = new FakeSecretsManager('{"token": ""}').install();
    try {
      const client = new SecretsManagerClient({
        region: 'eu-west-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      });
      const aws = (): AwsAccess => ({
        stackOutputs: () => Promise.reject(new Error('not used')),
        secretStore: (secretId) => new SecretsManagerTokenStore(client, secretId),
        recentReports: () => {
          throw new Error('not used');
        },
        queueDepth: () => Promise.reject(new Error('not used')),
      });
      const { result, output } = await captureOutput(() =>
        runTokenCommand(['set', '--secret-id', 'ClearfactsMailIngest/clearfacts-token', '--json'], env(), {
          stdin: piped(TOKEN),
          aws,
        }),
      );
      expect(result).toBe(0);
      expect(JSON.parse(output)).toMatchObject({
        stored: true,
        store: 'Secrets Manager secret ClearfactsMailIngest/clearfacts-token',
      });
      expect(output).not.toContain(TOKEN);
      expect(parseTokenSecret(fake.currentValue())).toEqual({ kind: 'personal', token: TOKEN });
    } finally {
      fake.uninstall();
    }
  });
});

describe('npm run cli -- token login', () => {
  it('signs in through the browser, then stores the OIDC credentials without printing them', async () => {
    const dataDir = freshDataDir();
    const opened: string[] = [];
    const { result, output } = await captureOutput(() =>
      runTokenCommand(
        ['login', '--client-id', CLIENT.clientId, '--port', '0', '--local', '--data-dir', dataDir],
        env({ CLEARFACTS_CLIENT_SECRET: CLIENT.clientSecret }),
        {
          // The test is the browser: it opens the login page and follows the redirect back.
          openBrowser: async (url) => {
            opened.push(url);
            const authorize = await fetch(url, { redirect: 'manual' });
            await fetch(authorize.headers.get('location') ?? '');
          },
        },
      ),
    );

    expect(result).toBe(0);
    expect(opened).toHaveLength(1);
    expect(output).toContain(`Sign in to Clearfacts at this address`);
    expect(output).toContain(
      'Signed in as jan.peeters <jan@acme.example>; stored the OpenID Connect credentials',
    );
    const secret = await stored(dataDir);
    if (secret.kind !== 'oidc') throw new Error('expected OIDC credentials');
    expect(secret.credentials).toMatchObject({ ...CLIENT, issuer: login.issuer });
    expect(login.isValidAccessToken(secret.credentials.accessToken)).toBe(true);
    expect(login.liveRefreshTokens()).toContain(secret.credentials.refreshToken);
    for (const value of [
      secret.credentials.accessToken,
      secret.credentials.refreshToken,
      CLIENT.clientSecret,
    ]) {
      expect(output).not.toContain(value);
    }
  });

  it('takes the client secret from standard input, and stores nothing when sign-in is refused', async () => {
    const dataDir = freshDataDir();
    login.denyAuthorization(true);
    // With --no-browser the person opens the printed address: the test does it from stderr.
    const written: string[] = [];
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      const address = /(http:\/\/127\.0\.0\.1:\d+\/oauth2-server\/authorize\?\S+)/.exec(String(chunk))?.[1];
      if (address !== undefined) {
        void fetch(address, { redirect: 'manual' }).then((authorize) =>
          fetch(authorize.headers.get('location') ?? ''),
        );
      }
      return true;
    });
    try {
      const outcome = await runTokenCommand(
        [
          'login',
          '--client-id',
          CLIENT.clientId,
          '--port',
          '0',
          '--no-browser',
          '--local',
          '--data-dir',
          dataDir,
        ],
        env(),
        {
          stdin: piped(`${CLIENT.clientSecret}\n`),
          openBrowser: () => {
            throw new Error('--no-browser must not open one');
          },
        },
      ).catch((error: unknown) => error);
      expect(String(outcome)).toContain('access_denied');
    } finally {
      stderr.mockRestore();
      login.denyAuthorization(false);
    }
    expect(written.join('')).not.toContain(CLIENT.clientSecret);
    expect(existsSync(localSecretPath(dataDir))).toBe(false);
  });
});

describe('token login into a deployed secret', () => {
  it('refuses before sign-in when the config says the functions may not store refreshed tokens', async () => {
    const opened: string[] = [];
    const outcome = await runTokenCommand(
      ['login', '--client-id', CLIENT.clientId, '--secret-id', 'ClearfactsMailIngest/clearfacts-token'],
      env({ CLEARFACTS_CLIENT_SECRET: CLIENT.clientSecret }),
      { openBrowser: async (url) => void opened.push(url) },
    ).catch((error: unknown) => error);

    // config/example.json leaves deployment.clearfactsAuth at its default, pat.
    expect(String(outcome)).toContain(
      'says deployment.clearfactsAuth is "pat": the deployed functions may not store refreshed tokens',
    );
    expect(opened).toEqual([]);
  });

  it('goes on to sign-in when the config says oidc (positive control)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'token-config-'));
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({ domain: 'invoices.example.com', deployment: { clearfactsAuth: 'oidc' } }),
    );
    const opened: string[] = [];
    const outcome = await runTokenCommand(
      ['login', '--client-id', CLIENT.clientId, '--secret-id', 'x', '--config', config, '--port', '0'],
      env({ CLEARFACTS_CLIENT_SECRET: CLIENT.clientSecret }),
      {
        // The person closes the browser: the flow stops there, after the check this test is about.
        openBrowser: async (url) => {
          opened.push(url);
          throw new Error('browser closed');
        },
      },
    ).catch((error: unknown) => error);
    expect(opened).toHaveLength(1);
    expect(String(outcome)).not.toContain('deployment.clearfactsAuth');
  });
});
