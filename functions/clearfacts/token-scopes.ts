/** The scopes this project needs, and what each allows, in the words `doctor` uses. */
export const REQUIRED_SCOPES: Readonly<Record<string, string>> = {
  upload_document: 'upload documents and invoices',
  read_administrations: 'list the administrations (used by doctor to check the mailboxes)',
};

/**
 * The scopes archive mailboxes need besides, as Clearfacts' scope table names them
 * (https://developer.clearfacts.be/#scopes; Clearfacts/cf_developer_docs,
 * source/includes/23_authentication_scopes.html.md): `archive_read` lists the archive categories,
 * `archive_actions` makes changes in the archive (the upload); `archive` is both.
 */
export const ARCHIVE_SCOPES: Readonly<Record<string, string>> = {
  archive_read: 'list the archive categories (archive mailboxes find their category by name)',
  archive_actions: 'upload documents to the archive',
};

/** The scope that grants every scope of `ARCHIVE_SCOPES`. */
export const ARCHIVE_SCOPE_BUNDLE = 'archive';

/** The archive scopes missing from `scopes` (none when `archive` is there). */
export function missingArchiveScopes(scopes: readonly string[]): string[] {
  if (scopes.includes(ARCHIVE_SCOPE_BUNDLE)) return [];
  return Object.keys(ARCHIVE_SCOPES).filter((scope) => !scopes.includes(scope));
}

/**
 * The scopes a token carries, when it says: an OIDC access token is a JWT whose payload lists them
 * (`scopes` or `scope`); the stored `scope` of `token login` says too. A personal access token is
 * opaque: `undefined` then, and only a call can tell. The signature is not checked: this informs, it
 * does not authorise.
 */
export function scopesOfToken(token: string, storedScope?: string): readonly string[] | undefined {
  if (storedScope !== undefined) return splitScopes(storedScope);
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    if (Array.isArray(payload.scopes)) return payload.scopes.map(String);
    if (typeof payload.scope === 'string') return splitScopes(payload.scope);
  } catch {
    // Not a JWT after all: opaque.
  }
  return undefined;
}

/** The required scopes missing from `scopes`. */
export function missingScopes(scopes: readonly string[]): string[] {
  return Object.keys(REQUIRED_SCOPES).filter((scope) => !scopes.includes(scope));
}

function splitScopes(scope: string): string[] {
  return scope.split(/[\s,]+/).filter((part) => part !== '');
}
