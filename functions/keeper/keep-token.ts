import type { OidcCredentials } from '../clearfacts/oidc/oidc-credentials';
import { TokenRefresher } from '../clearfacts/oidc/token-refresher';
import { parseTokenSecret } from '../clearfacts/token-secret';
import type { TokenSecretStore } from '../secrets/token-secret-store';
import { IngestError } from '../shared/errors';
import type { EventLog } from '../shared/event-log';

/**
 * The refresher renews an access token that expires within its margin. Clearfacts' access tokens
 * last one hour, so with two days every stored token is due: the keeper always spends the refresh
 * token, and each refresh issues a new one valid for another 30 days (clearfacts-api.md).
 */
export const KEEPER_REFRESH_MARGIN_MS = 2 * 24 * 60 * 60 * 1000;

/** Milliseconds in a day, for the refresh token's age. */
const DAY_MS = 24 * 60 * 60 * 1000;

/** What one run of the keeper did. */
export type KeeperResult =
  /** The secret holds a personal access token: nothing expires, nothing was done. */
  | { readonly status: 'personal' }
  /** The OIDC tokens were refreshed and stored; `refreshTokenAgeDays` is about 0 when Clearfacts rotated it. */
  | { readonly status: 'refreshed'; readonly refreshedAt: string; readonly refreshTokenAgeDays?: number }
  /** Reading, refreshing or storing failed; the age is the stored refresh token's, when known. */
  | { readonly status: 'failed'; readonly error: unknown; readonly refreshTokenAgeDays?: number };

/** What the keeper needs: the same store and refresher the ingest function uses. */
export interface KeepTokenOptions {
  readonly store: TokenSecretStore;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
  readonly log?: EventLog;
}

/** The keeper refreshed, but the secret does not hold the result. */
export class TokenKeeperError extends IngestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'retryable', options);
    this.name = 'TokenKeeperError';
  }
}

/**
 * Refreshes OIDC credentials through the ingest function's `TokenRefresher`, so the refresh token is
 * spent and replaced at least daily even when no mail comes, and written back with the same
 * compare-and-swap. A personal access token is left alone. Never throws: a failure is returned, with
 * the stored refresh token's age, so the handler can publish both before it fails the run.
 */
export async function keepTokenAlive(options: KeepTokenOptions): Promise<KeeperResult> {
  const now = options.now ?? (() => new Date());
  const { store } = options;
  const startedAt = now().getTime();
  try {
    const read = await store.read();
    if (parseTokenSecret(read.value).kind === 'personal') return { status: 'personal' };
    const refresher = new TokenRefresher({
      store,
      now,
      marginMs: KEEPER_REFRESH_MARGIN_MS,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.log === undefined ? {} : { log: options.log }),
    });
    await refresher.bearerToken(read.value);
    const stored = await storedCredentials(store);
    if (stored === undefined) return { status: 'personal' };
    // Ours, or a newer refresh by the ingest function; anything older means our write did not land.
    const refreshedAt = stored.refreshedAt;
    if (refreshedAt === undefined || Date.parse(refreshedAt) < startedAt) {
      throw new TokenKeeperError(
        `The refreshed Clearfacts tokens could not be stored in the ${store.description} (see the logged error); the keeper tries again tomorrow`,
      );
    }
    return { status: 'refreshed', refreshedAt, ...ageOf(stored, now()) };
  } catch (error) {
    const stored = await storedCredentials(store).catch(() => undefined);
    return { status: 'failed', error, ...(stored === undefined ? {} : ageOf(stored, now())) };
  }
}

/** The stored OIDC credentials, or `undefined` for a personal access token. */
async function storedCredentials(store: TokenSecretStore): Promise<OidcCredentials | undefined> {
  const secret = parseTokenSecret((await store.read()).value);
  return secret.kind === 'oidc' ? secret.credentials : undefined;
}

/** Days since the refresh token was issued, to two decimals; unknown for credentials stored before it was recorded. */
function ageOf(credentials: OidcCredentials, now: Date): { refreshTokenAgeDays?: number } {
  const issuedAt = credentials.refreshTokenIssuedAt;
  if (issuedAt === undefined) return {};
  const days = Math.max(0, now.getTime() - Date.parse(issuedAt)) / DAY_MS;
  return { refreshTokenAgeDays: Math.round(days * 100) / 100 };
}
