import type { OidcCredentials } from '../clearfacts/oidc/oidc-credentials';
import { TokenRefresher } from '../clearfacts/oidc/token-refresher';
import { parseTokenSecret } from '../clearfacts/token-secret';
import type { CliDeps } from './cli-deps';
import type { Target } from './target';

/** The token a command checks, and where it came from (never the token in any description). */
export interface ResolvedToken {
  readonly bearer: string;
  /** `CLEARFACTS_TOKEN`, `Secrets Manager secret …` or `file …/clearfacts-secret.json`. */
  readonly source: string;
  readonly kind: 'personal' | 'oidc';
  /** For OIDC credentials: what can be shown about them. */
  readonly oidc?: {
    readonly issuer: string;
    readonly clientId: string;
    readonly expiresAt: string;
    readonly scope?: string;
    /** When the tokens were last obtained from Clearfacts (login or refresh), when recorded. */
    readonly refreshedAt?: string;
    /** When the stored refresh token was issued, when recorded: it dies 30 days later. */
    readonly refreshTokenIssuedAt?: string;
    /** Set when this command refreshed them: what the secret said before (by the keeper or the function). */
    readonly before?: { readonly refreshedAt?: string; readonly refreshTokenIssuedAt?: string };
  };
}

/**
 * The token to use: `CLEARFACTS_TOKEN` unless a flag names the secret (`--stack`, `--secret-id`,
 * `--local`), else the deployed secret. OIDC credentials are refreshed if they expired, exactly as the
 * function does it (and the new pair written back).
 */
export async function resolveToken(
  env: NodeJS.ProcessEnv,
  target: Target,
  explicitTarget: boolean,
  deps: CliDeps,
): Promise<ResolvedToken> {
  const fromEnvironment = env.CLEARFACTS_TOKEN?.trim();
  if (!explicitTarget && fromEnvironment !== undefined && fromEnvironment !== '') {
    return { bearer: fromEnvironment, source: 'CLEARFACTS_TOKEN', kind: 'personal' };
  }
  const store = await target.secretStore();
  const version = await store.read();
  const refresher = new TokenRefresher({ store, fetch: deps.fetch, now: deps.now });
  const bearer = await refresher.bearerToken(version.value);
  const secret = parseTokenSecret((await store.read()).value);
  if (secret.kind === 'personal') return { bearer, source: store.description, kind: 'personal' };
  const before = parseTokenSecret(version.value);
  const refreshedNow = before.kind === 'oidc' && before.credentials.accessToken !== bearer;
  const { issuer, clientId, expiresAt, scope } = secret.credentials;
  return {
    bearer,
    source: store.description,
    kind: 'oidc',
    oidc: {
      issuer,
      clientId,
      expiresAt,
      ...(scope === undefined ? {} : { scope }),
      ...refreshTimes(secret.credentials),
      ...(refreshedNow ? { before: refreshTimes(before.credentials) } : {}),
    },
  };
}

/** When the credentials were refreshed and their refresh token issued, as far as recorded. */
function refreshTimes(credentials: OidcCredentials): { refreshedAt?: string; refreshTokenIssuedAt?: string } {
  const { refreshedAt, refreshTokenIssuedAt } = credentials;
  return {
    ...(refreshedAt === undefined ? {} : { refreshedAt }),
    ...(refreshTokenIssuedAt === undefined ? {} : { refreshTokenIssuedAt }),
  };
}
