import type { TokenSecretStore } from '../../secrets/token-secret-store';
import { describeError } from '../../shared/errors';
import { type EventLog, silentLog } from '../../shared/event-log';
import { sleep as realSleep, type Sleep } from '../backoff';
import { oidcSecret, parseTokenSecret, type TokenSecret } from '../token-secret';
import { expiresAtMs, isFresh, type OidcCredentials } from './oidc-credentials';
import { oidcEndpoints } from './oidc-endpoints';
import { isRefusedGrant, RefreshTokenRejectedError } from './oidc-errors';
import { refreshForm, requestTokens } from './token-endpoint';

/**
 * Refresh five minutes before expiry: a request started with a token must not see it expire in
 * flight (30 s timeouts, three attempts), and Lambda's clock may drift a little from Clearfacts'.
 */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * After a refused refresh, look again this much later before declaring the token dead: another
 * function may have spent the same refresh token a moment ago and be about to store its result.
 */
export const REFUSAL_RECHECK_MS = 2_000;

/** What the refresher needs. */
export interface TokenRefresherOptions {
  /** Where the credentials live; refreshes are written back with compare-and-swap. */
  readonly store: TokenSecretStore;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
  readonly sleep?: Sleep;
  readonly marginMs?: number;
  readonly recheckDelayMs?: number;
  readonly log?: EventLog;
}

/** A refreshed value the store did not take yet (it failed); kept so the new refresh token is not lost. */
interface UnsavedRefresh {
  readonly expectedVersionId: string;
  readonly credentials: OidcCredentials;
}

/**
 * Turns the secret's value into a bearer token. A personal access token is used as is. OIDC
 * credentials are refreshed when the access token is about to expire: the store is read afresh, the
 * refresh token spent once, and the new pair written only if the secret is still the version read.
 * If another function refreshed first, its tokens are used instead. A dead refresh token raises a
 * `configuration` error, so the message is retried later and the auth alarm counts it.
 */
export class TokenRefresher {
  private newest: OidcCredentials | undefined;
  private unsaved: UnsavedRefresh | undefined;
  private inFlight: Promise<string> | undefined;
  private readonly now: () => Date;
  private readonly sleep: Sleep;
  private readonly marginMs: number;
  private readonly recheckDelayMs: number;
  private readonly log: EventLog;

  constructor(private readonly options: TokenRefresherOptions) {
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? realSleep;
    this.marginMs = options.marginMs ?? REFRESH_MARGIN_MS;
    this.recheckDelayMs = options.recheckDelayMs ?? REFUSAL_RECHECK_MS;
    this.log = options.log ?? silentLog;
  }

  /** The bearer token for a secret value (the Lambda passes the token store's cached copy; it may be stale). */
  async bearerToken(secretValue: unknown): Promise<string> {
    const secret = parseTokenSecret(secretValue);
    if (secret.kind === 'personal') return secret.token;
    const candidate = this.newerOf(secret.credentials);
    if (isFresh(candidate, this.now(), this.marginMs)) {
      if (this.unsaved !== undefined)
        await this.save(this.unsaved.expectedVersionId, this.unsaved.credentials);
      return candidate.accessToken;
    }
    // Uploads in one invocation share a single refresh.
    this.inFlight ??= this.refresh().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async refresh(): Promise<string> {
    const read = await this.readStored();
    if (read.secret.kind === 'personal') return read.secret.token;
    let base = read.secret.credentials;
    // Our own earlier refresh, never stored, holds the only valid refresh token: continue from it.
    if (this.unsaved?.expectedVersionId === read.versionId) base = this.unsaved.credentials;
    else this.unsaved = undefined;
    if (isFresh(base, this.now(), this.marginMs)) return this.use(base);

    let granted: Awaited<ReturnType<typeof requestTokens>>;
    try {
      granted = await requestTokens({
        tokenUrl: oidcEndpoints(base.issuer).token,
        form: refreshForm(base),
        ...(this.options.fetch === undefined ? {} : { fetch: this.options.fetch }),
      });
    } catch (error) {
      if (!isRefusedGrant(error)) throw error;
      return this.afterRefusal(read.versionId, error);
    }
    const now = this.now();
    // Recorded for the token keeper's age alarm and for doctor (functions/keeper/keep-token.ts).
    const issuedAt = granted.refreshToken === undefined ? base.refreshTokenIssuedAt : now.toISOString();
    const next: OidcCredentials = {
      ...base,
      accessToken: granted.accessToken,
      refreshToken: granted.refreshToken ?? base.refreshToken,
      expiresAt: new Date(now.getTime() + granted.expiresInSeconds * 1000).toISOString(),
      ...(granted.scope === undefined ? {} : { scope: granted.scope }),
      refreshedAt: now.toISOString(),
      ...(issuedAt === undefined ? {} : { refreshTokenIssuedAt: issuedAt }),
    };
    this.newest = next;
    return this.save(read.versionId, next);
  }

  /** Writes the refreshed pair if the secret is still `expectedVersionId`; returns the token to use. */
  private async save(expectedVersionId: string, next: OidcCredentials): Promise<string> {
    let written: boolean;
    try {
      written = (await this.options.store.compareAndSwap(expectedVersionId, oidcSecret(next))).written;
      this.unsaved = undefined;
    } catch (error) {
      // The refresh token we hold is now the only valid one: keep it and try again on the next call.
      this.unsaved = { expectedVersionId, credentials: next };
      this.log.error('refreshed Clearfacts token not saved; will retry', {
        store: this.options.store.description,
        error: describeError(error),
      });
      return next.accessToken;
    }
    if (written) return next.accessToken;
    // Someone changed the secret meanwhile (another function's refresh, an admin's new token): prefer theirs.
    const stored = await this.readStored();
    if (stored.secret.kind === 'personal') return stored.secret.token;
    return isFresh(stored.secret.credentials, this.now(), this.marginMs)
      ? this.use(stored.secret.credentials)
      : next.accessToken;
  }

  /** The refresh token was refused: use a newer one if another function stored it, else give up. */
  private async afterRefusal(readVersionId: string, error: unknown): Promise<string> {
    for (const delayMs of [0, this.recheckDelayMs]) {
      if (delayMs > 0) await this.sleep(delayMs);
      const stored = await this.readStored();
      if (stored.versionId === readVersionId) continue;
      return stored.secret.kind === 'personal' ? stored.secret.token : this.use(stored.secret.credentials);
    }
    throw new RefreshTokenRejectedError(
      `Clearfacts refused the stored refresh token (invalid_grant) and no newer one was stored in the ${this.options.store.description}: it went unused for 30 days or was revoked. Sign in again with "npm run cli -- token login".`,
      { cause: error },
    );
  }

  private async readStored(): Promise<{ versionId: string; secret: TokenSecret }> {
    const version = await this.options.store.read();
    return { versionId: version.versionId, secret: parseTokenSecret(version.value) };
  }

  private use(credentials: OidcCredentials): string {
    this.newest = this.newerOf(credentials);
    return this.newest.accessToken;
  }

  /** The later-expiring of `credentials` and the newest this container has seen. */
  private newerOf(credentials: OidcCredentials): OidcCredentials {
    return this.newest !== undefined && expiresAtMs(this.newest) > expiresAtMs(credentials)
      ? this.newest
      : credentials;
  }
}
