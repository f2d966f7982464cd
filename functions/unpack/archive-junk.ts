/**
 * Files that archivers and desktops add beside the real content: macOS resource forks and
 * Finder state, Windows thumbnail caches and folder settings. They are not listed at all.
 */
const JUNK_FOLDERS = new Set(['__macosx']);
const JUNK_FILES = new Set(['.ds_store', 'thumbs.db', 'ehthumbs.db', 'desktop.ini']);

/** Whether an archive entry is a folder or desktop litter rather than a file someone packed. */
export function isArchiveJunk(path: string): boolean {
  if (path.endsWith('/') || path.endsWith('\\')) return true;
  const segments = path.toLowerCase().split(/[/\\]/);
  const name = segments.at(-1) ?? '';
  // AppleDouble files (`._invoice.pdf`) hold a sibling's metadata, even outside __MACOSX.
  return (
    segments.some((segment) => JUNK_FOLDERS.has(segment)) || JUNK_FILES.has(name) || name.startsWith('._')
  );
}

/**
 * Office Open XML (.docx, .xlsx) and OpenDocument files are ZIP archives too; their parts are
 * not documents, so such a file is reported as what it is rather than unpacked.
 */
export function isOfficeDocument(paths: readonly string[]): boolean {
  return paths.includes('[Content_Types].xml') || paths[0] === 'mimetype';
}
