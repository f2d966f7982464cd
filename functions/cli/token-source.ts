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
  const { issuer, clientId, expiresAt, scope } = secret.credentials;
  return {
    bearer,
    source: store.description,
    kind: 'oidc',
    oidc: { issuer, clientId, expiresAt, ...(scope === undefined ? {} : { scope }) },
  };
}
