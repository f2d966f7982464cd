import { documentSummary, STATUS_OUTCOMES, type StatusRow } from '../../cli/message-status';
import { html, page, type SafeHtml, shortTime } from '../html';

/** Rows per page: a screenful, like `status`'s default, times a few. */
export const MESSAGES_PER_PAGE = 50;

/** The filters of the message list, as the form and the links carry them. */
export interface MessageFilters {
  readonly mailbox: string;
  readonly outcome: string;
  readonly since: string;
  readonly until: string;
  readonly page: number;
}

/** The message list: filters like `status`, newest first, paged. */
export function messageListPage(options: {
  readonly source: string;
  readonly filters: MessageFilters;
  readonly rows: readonly StatusRow[];
  readonly unread: number;
  readonly notice?: string;
}): string {
  const { filters, rows } = options;
  const first = (filters.page - 1) * MESSAGES_PER_PAGE;
  const shown = rows.slice(first, first + MESSAGES_PER_PAGE);
  const pages = Math.max(1, Math.ceil(rows.length / MESSAGES_PER_PAGE));
  const link = (pageNumber: number): string => {
    const query = new URLSearchParams({ ...filtersQuery(filters), page: String(pageNumber) });
    return `/messages?${query.toString()}`;
  };
  const body = html`
<h1>Messages</h1>
${options.notice === undefined ? '' : html`<p class="notice">${options.notice}</p>`}
<form class="filters" method="get" action="/messages">
  <label>Mailbox <input name="mailbox" value="${filters.mailbox}" placeholder="address, local part or company number"></label>
  <label>Outcome <select name="outcome"><option value="">any</option>${STATUS_OUTCOMES.map(
    (outcome) => html`<option${filters.outcome === outcome ? html` selected` : ''}>${outcome}</option>`,
  )}</select></label>
  <label>Since <input name="since" value="${filters.since}" size="10" placeholder="7d"></label>
  <label>Until <input name="until" value="${filters.until}" size="10" placeholder="now"></label>
  <button type="submit">Filter</button>
</form>
<p class="count">${rows.length} message${rows.length === 1 ? '' : 's'}${options.unread > 0 ? html` (${options.unread} older reports not read: narrow the window)` : ''}</p>
${
  shown.length === 0
    ? html`<p class="empty">No messages in this window.</p>`
    : html`<table class="messages">
<thead><tr><th>Time (UTC)</th><th>Outcome</th><th>Mailbox</th><th>Sender</th><th>Subject</th><th>Documents</th></tr></thead>
<tbody>${shown.map(messageRow)}</tbody>
</table>`
}
${pages > 1 ? html`<nav class="pages">${Array.from({ length: pages }, (_, index) => index + 1).map((pageNumber) => (pageNumber === filters.page ? html`<strong>${pageNumber}</strong> ` : html`<a href="${link(pageNumber)}">${pageNumber}</a> `))}</nav>` : ''}`;
  return page({ title: 'Messages', source: options.source, active: '/messages', body });
}

function messageRow(row: StatusRow): SafeHtml {
  return html`<tr data-message-id="${row.messageId}">
<td>${shortTime(row.time)}</td>
<td><span class="outcome ${row.outcome}">${row.outcome}</span></td>
<td>${row.mailboxes.join(', ')}</td>
<td>${row.sender}</td>
<td><a href="/messages/${encodeURIComponent(row.messageId)}">${row.subject === undefined || row.subject === '' ? '(no subject)' : row.subject}</a>${row.error === undefined ? '' : html`<div class="problem">${row.error}</div>`}</td>
<td>${documentSummary(row)}</td>
</tr>`;
}

function filtersQuery(filters: MessageFilters): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of ['mailbox', 'outcome', 'since', 'until'] as const)
    if (filters[key] !== '') query[key] = filters[key];
  return query;
}
