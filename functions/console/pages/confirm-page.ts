import { html, page, type SafeHtml } from '../html';

/** Asks before a state change; the form carries the run's CSRF token and posts to the same address. */
export function confirmPage(options: {
  readonly source: string;
  readonly title: string;
  readonly question: SafeHtml;
  readonly action: string;
  readonly confirmLabel: string;
  readonly cancelHref: string;
  readonly csrfToken: string;
}): string {
  const body = html`
<h1>${options.title}</h1>
<div class="question">${options.question}</div>
<form method="post" action="${options.action}" class="confirm">
  <input type="hidden" name="csrf" value="${options.csrfToken}">
  <button type="submit">${options.confirmLabel}</button>
  <a href="${options.cancelHref}">Cancel</a>
</form>`;
  return page({ title: options.title, source: options.source, body });
}
