/** One version of the secret: its value and the id that names exactly that value. */
export interface SecretVersion {
  readonly versionId: string;
  /** The secret string as stored (a bare token or JSON). */
  readonly value: string;
}

/** What a conditional write did. */
export type SwapResult =
  /** The value is stored and current. */
  | { readonly written: true; readonly versionId: string }
  /** The secret moved on since `expectedVersionId` was read: read it again and use that instead. */
  | { readonly written: false };

/**
 * Where the Clearfacts token lives: Secrets Manager when deployed, a file under `.local/` locally.
 * Refreshes write with `compareAndSwap`, so concurrent refreshers never lose the newest refresh token.
 */
export interface TokenSecretStore {
  /** Names the secret for people ("secret clearfacts-token", "file .local/clearfacts-secret.json"). */
  readonly description: string;
  /**
   * The current version, after finishing any update another writer left half done
   * (so a refresher never starts from a value that already has a stored successor).
   */
  read(): Promise<SecretVersion>;
  /** Stores `value` only if `expectedVersionId` is still the current version. */
  compareAndSwap(expectedVersionId: string, value: string): Promise<SwapResult>;
  /** Stores `value` unconditionally: an admin's `token set` or `token login` replaces whatever is there. */
  put(value: string): Promise<SecretVersion>;
}
