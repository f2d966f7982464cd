import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const PAGES = [
  join(ROOT, 'README.md'),
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(ROOT, 'docs', name)),
];

/** The text outside fenced code blocks. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** The text outside code blocks and inline code, where a `[x](y)` is a link. */
function prose(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = (heading ?? '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  for (const [, id] of markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(id ?? '');
  return anchors;
}

/** Every relative link of a page: `[text](target)` and `[label]: target`, without a scheme. */
function relativeLinks(markdown: string): string[] {
  const text = prose(markdown);
  const targets = [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1] ?? ''),
    ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((match) => match[1] ?? ''),
  ];
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** Why a link does not resolve, or undefined when it does. */
function brokenReason(page: string, target: string): string | undefined {
  const [path = '', anchor] = target.split('#');
  const file = path === '' ? page : join(dirname(page), decodeURIComponent(path));
  if (!existsSync(file)) return 'no such file';
  if (anchor === undefined || anchor === '' || statSync(file).isDirectory() || !file.endsWith('.md')) {
    return undefined;
  }
  return anchorsOf(readFileSync(file, 'utf8')).has(decodeURIComponent(anchor).toLowerCase())
    ? undefined
    : 'no such heading';
}

describe('links in README.md and docs/', () => {
  it('finds the links it checks (the scan itself works)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(relativeLinks(readme).length).toBeGreaterThan(0);
    expect(brokenReason(join(ROOT, 'README.md'), 'docs/no-such-page.md')).toBe('no such file');
    expect(brokenReason(join(ROOT, 'docs', 'development.md'), '#no-such-heading')).toBe('no such heading');
    expect(brokenReason(join(ROOT, 'docs', 'development.md'), '#dependencies-and-licenses')).toBeUndefined();
  });

  it('resolves every relative link, file and #anchor', () => {
    const broken = PAGES.flatMap((page) =>
      relativeLinks(readFileSync(page, 'utf8')).flatMap((target) => {
        const reason = brokenReason(page, target);
        return reason === undefined ? [] : [`${relative(ROOT, page)}: ${target} (${reason})`];
      }),
    );
    expect(broken).toEqual([]);
  });
});
