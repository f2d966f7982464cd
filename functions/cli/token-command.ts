import { parseArgs } from 'node:util';
import { ClearfactsError } from '../clearfacts/clearfacts-errors';
import {
  DEFAULT_REDIRECT_PORT,
  DEFAULT_SCOPES,
  REDIRECT_PATH,
  runAuthorizationCodeFlow,
} from '../clearfacts/oidc/authorization-code-flow';
import { oidcSecret, personalTokenSecret } from '../clearfacts/token-secret';
import { fetchUserinfo, type Userinfo } from '../clearfacts/userinfo';
import { loadConfigFile } from '../config/load-config';
import { type CliDeps, cliDeps } from './cli-deps';
import { coloursFor } from './colours';
import { clearfactsUrls, configPathFrom } from './operator-settings';
import { readSecretInput } from './read-secret-input';
import { TARGET_OPTIONS, TARGET_USAGE, Target } from './target';
import { UsageError } from './usage-error';

/** What a bearer header can carry; anything else is a paste gone wrong. */
const HEADER_SAFE_TOKEN = /^[\x21-\x7e]+$/;

const USAGE = `Usage: npm run cli -- token set [--config <path>] [--json] [where to store]
       npm run cli -- token login [--client-id <id>] [--issuer <url>] [--port <port>] [--scope <scope>]
                                  [--no-browser] [--config <path>] [--json] [where to store]

token set    Reads a personal access token (a prompt without echo, or standard input when piped),
             checks it with Clearfacts' userinfo endpoint, and stores it in the secret. A token
             Clearfacts refuses is not stored. The token is never printed.
token login  Signs in with OpenID Connect (Authorization Code flow with PKCE, offline_access): opens
             the login page, takes the redirect on http://127.0.0.1:<port>${REDIRECT_PATH}, and stores
             {clientId, clientSecret, accessToken, refreshToken, expiresAt, issuer} in the secret.
             The function refreshes the hour-long access token from then on.
  --client-id <id>    the OIDC client registered with Clearfacts (default: $CLEARFACTS_CLIENT_ID);
                      its secret comes from $CLEARFACTS_CLIENT_SECRET, else a prompt without echo
  --issuer <url>      the login domain (default: $CLEARFACTS_LOGIN_URL, else the config's loginUrl)
  --port <port>       the redirect port (default ${DEFAULT_REDIRECT_PORT}; register the exact redirect URI)
  --scope <scope>     a scope besides ${DEFAULT_SCOPES.join(', ')} (repeatable)
  --no-browser        print the login address instead of opening a browser
  --config <path>     the admin config, for its Clearfacts addresses (default: config/example.json)
  --json              print the outcome as JSON (never the token)
${TARGET_USAGE}`;

/** Runs `token set` or `token login`; returns the exit status. */
export async function runTokenCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  overrides: Partial<CliDeps> = {},
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'client-id': { type: 'string' },
      issuer: { type: 'string' },
      port: { type: 'string' },
      scope: { type: 'string', multiple: true },
      'no-browser': { type: 'boolean', default: false },
      config: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      ...TARGET_OPTIONS,
    },
  });
  const action = positionals[0];
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if ((action !== 'set' && action !== 'login') || positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const deps = cliDeps(overrides);
  const configPath = configPathFrom(values.config, env);
  const config = loadConfigFile(configPath);
  const urls = clearfactsUrls(env, config);
  const target = new Target(values, env, deps);
  // The deployed functions may write the secret only when the stack was told it holds OIDC
  // credentials (infra/constructs/clearfacts-secret.ts): refuse before anyone signs in for nothing.
  if (action === 'login' && !target.isLocal && config.deployment.clearfactsAuth !== 'oidc') {
    throw new UsageError(
      `${configPath} says deployment.clearfactsAuth is "${config.deployment.clearfactsAuth}": the deployed functions may ` +
        'not store refreshed tokens, so signed-in credentials would stop working within the hour. Set it to "oidc", ' +
        'run npx cdk deploy, then sign in again (or store a personal access token with: token set).',
    );
  }
  const store = await target.secretStore();
  const print = (text: string, json: Record<string, unknown>): void => {
    process.stdout.write(values.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
  };
  const ok = coloursFor(process.stdout, env).ok;

  if (action === 'set') {
    const token = await readSecretInput(
      deps.stdin,
      process.stderr,
      'Clearfacts personal access token (input hidden): ',
    );
    if (token === '') throw new UsageError('No token was given: nothing was stored.');
    if (!HEADER_SAFE_TOKEN.test(token)) {
      throw new UsageError(
        'That is not a token (it holds spaces or characters a token cannot have): nothing was stored.',
      );
    }
    const user = await checkToken(urls.loginUrl, token, deps);
    if (user === undefined) return 1;
    await store.put(personalTokenSecret(token));
    print(ok(`Stored the personal access token of ${who(user)} in the ${store.description}.`), {
      stored: true,
      kind: 'personal',
      store: store.description,
      user,
    });
    return 0;
  }

  const clientId = values['client-id'] ?? env.CLEARFACTS_CLIENT_ID;
  if (clientId === undefined || clientId.trim() === '') {
    throw new UsageError('token login needs the OIDC client: --client-id <id> or $CLEARFACTS_CLIENT_ID');
  }
  const clientSecret =
    env.CLEARFACTS_CLIENT_SECRET?.trim() ||
    (await readSecretInput(deps.stdin, process.stderr, `Client secret of ${clientId} (input hidden): `));
  if (clientSecret === '')
    throw new UsageError('No client secret was given: set $CLEARFACTS_CLIENT_SECRET or type it.');
  const credentials = await runAuthorizationCodeFlow({
    issuer: values.issuer ?? urls.loginUrl,
    clientId,
    clientSecret,
    scopes: [...DEFAULT_SCOPES, ...(values.scope ?? [])],
    port: portOption(values.port),
    fetch: deps.fetch,
    now: deps.now,
    openBrowser: async (url) => {
      process.stderr.write(
        `Sign in to Clearfacts at this address (it ${values['no-browser'] ? 'was not' : 'should have'} opened in your browser):\n  ${url}\n`,
      );
      if (!values['no-browser']) await deps.openBrowser(url);
    },
  });
  const user = await checkToken(credentials.issuer, credentials.accessToken, deps);
  if (user === undefined) return 1;
  await store.put(oidcSecret(credentials));
  print(
    ok(
      `Signed in as ${who(user)}; stored the OpenID Connect credentials in the ${store.description}.\nThe access token is valid until ${credentials.expiresAt}; the function refreshes it from then on.`,
    ),
    {
      stored: true,
      kind: 'oidc',
      store: store.description,
      user,
      issuer: credentials.issuer,
      expiresAt: credentials.expiresAt,
      ...(credentials.scope === undefined ? {} : { scope: credentials.scope }),
    },
  );
  return 0;
}

/** The token's user, or `undefined` (with the reason printed) when Clearfacts refuses it. */
async function checkToken(loginUrl: string, token: string, deps: CliDeps): Promise<Userinfo | undefined> {
  try {
    return await fetchUserinfo({ loginUrl, token, fetch: deps.fetch });
  } catch (error) {
    if (error instanceof ClearfactsError && (error.status === 401 || error.status === 403)) {
      process.stderr.write(
        `Clearfacts refused this token (${error.status} from ${loginUrl}/oauth2-server/userinfo): nothing was stored.\n`,
      );
      return undefined;
    }
    throw error;
  }
}

function who(user: Userinfo): string {
  return `${user.username ?? user.sub}${user.email === undefined ? '' : ` <${user.email}>`}`;
}

function portOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_REDIRECT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port "${value}": expected a port number from 0 (any free port) to 65535`);
  }
  return port;
}
