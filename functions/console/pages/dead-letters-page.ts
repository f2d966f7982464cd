import type { DeadLetter } from '../dead-letters';
import { html, page, shortTime } from '../html';

/** What failed every attempt, with a way to replay it. */
export function deadLettersPage(options: {
  readonly source: string;
  readonly letters: readonly DeadLetter[];
  readonly notice?: string;
}): string {
  const body = html`
<h1>Dead letters</h1>
${options.notice === undefined ? '' : html`<p class="notice" role="status">${options.notice}</p>`}
<p class="count">${options.letters.length} message${options.letters.length === 1 ? '' : 's'} failed every attempt</p>
${
  options.letters.length === 0
    ? html`<p class="empty">No dead letters.</p>`
    : html`<table class="dead-letters">
<thead><tr><th>Time (UTC)</th><th>Message</th><th>Sender</th><th>Subject</th><th>Last error</th><th></th></tr></thead>
<tbody>${options.letters.map(
        (letter) => html`<tr data-queue-message-id="${letter.queueMessageId}">
<td>${shortTime(letter.time)}</td>
<td>${letter.messageId === undefined ? html`<em>unreadable</em>` : html`<a href="/messages/${encodeURIComponent(letter.messageId)}"><code>${letter.messageId}</code></a>`}</td>
<td>${letter.sender ?? ''}</td>
<td>${letter.subject ?? ''}</td>
<td>${letter.lastError ?? letter.unreadable ?? ''}${letter.receiveCount === undefined ? '' : ` (${letter.receiveCount} receives)`}</td>
<td>${letter.messageId === undefined ? '' : html`<a class="button" href="/dead-letters/${encodeURIComponent(letter.queueMessageId)}/replay">Replay…</a>`}</td>
</tr>`,
      )}</tbody>
</table>`
}`;
  return page({ title: 'Dead letters', source: options.source, active: '/dead-letters', body });
}
