/** Markup that is already safe: built by `html`, never from a string a message supplied. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may stand in a template's `${}`: text (escaped), markup built by `html`, or lists of them. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * A template tag that escapes every interpolated value unless it is `SafeHtml`. Everything a
 * message carries (subjects, filenames, sender names, XML text) reaches the page through it, so
 * no part of a message can become markup of the console's own page.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** The console's navigation, in order. */
const NAVIGATION: ReadonlyArray<readonly [string, string]> = [
  ['/messages', 'Messages'],
  ['/quarantine', 'Quarantine'],
  ['/dead-letters', 'Dead letters'],
];

/** A whole page: the shared head, navigation and the source the console reads. */
export function page(options: {
  readonly title: string;
  readonly source: string;
  readonly active?: string;
  readonly body: SafeHtml;
}): string {
  return `<!doctype html>${
    html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Clearfacts mail console</title>
<link rel="stylesheet" href="/assets/console.css">
<script type="module" src="/assets/console.js"></script>
</head>
<body>
<header>
  <strong>Clearfacts mail console</strong>
  <nav>${NAVIGATION.map(([href, label]) => html`<a href="${href}"${options.active === href ? new SafeHtml(' aria-current="page"') : ''}>${label}</a>`)}</nav>
  <span class="source">${options.source}</span>
</header>
<main>
${options.body}
</main>
</body>
</html>`.value
  }`;
}

/** `2026-11-20T09:15:42.000Z` → `2026-11-20 09:15`, the way the CLI shows times. */
export function shortTime(iso: string | undefined): string {
  if (iso === undefined) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 16).replace('T', ' ');
}

/** A byte count for people. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
