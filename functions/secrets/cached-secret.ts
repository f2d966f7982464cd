import type { TokenSecretStore } from './token-secret-store';

/**
 * The secret's current value, read through its store and kept for `ttlMs`, so a batch of uploads
 * costs one read and a rotated token is picked up within the TTL. Nothing is read until the first
 * upload asks (never while the module loads), concurrent askers share one read, and a failed read
 * is not kept: the next upload tries again, and the failure reaches that upload as its error.
 */
export class CachedSecret {
  private cached: { readonly value: string; readonly until: number } | undefined;
  private reading: Promise<string> | undefined;

  constructor(
    private readonly store: Pick<TokenSecretStore, 'read'>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The value, from the cache while it is fresh, else read once for everyone waiting. */
  async value(): Promise<string> {
    if (this.cached !== undefined && this.now() < this.cached.until) return this.cached.value;
    this.reading ??= this.store
      .read()
      .then(({ value }) => {
        this.cached = { value, until: this.now() + this.ttlMs };
        return value;
      })
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }
}
