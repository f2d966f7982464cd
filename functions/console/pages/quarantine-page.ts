import type { QuarantinedMessage } from '../../cli/quarantine-command';
import type { DocumentReport } from '../../reports/message-report';
import { html, page, shortTime } from '../html';

/** A quarantined message with the documents a release would upload. */
export interface QuarantineEntry {
  readonly message: QuarantinedMessage;
  readonly documents: readonly DocumentReport[];
}

/** What waits for review, why, and what it would upload. */
export function quarantinePage(options: {
  readonly source: string;
  readonly entries: readonly QuarantineEntry[];
}): string {
  const body = html`
<h1>Quarantine</h1>
<p class="count">${options.entries.length} message${options.entries.length === 1 ? '' : 's'} waiting for review</p>
${
  options.entries.length === 0
    ? html`<p class="empty">Nothing waits for review.</p>`
    : html`<table class="quarantine">
<thead><tr><th>Time (UTC)</th><th>Mailbox</th><th>Sender</th><th>Subject</th><th>Why it is held</th><th>Would upload</th></tr></thead>
<tbody>${options.entries.map(
        ({ message, documents }) => html`<tr data-message-id="${message.messageId}">
<td>${shortTime(message.time)}</td>
<td>${message.mailboxes.join(', ')}</td>
<td>${message.sender}</td>
<td><a href="/messages/${encodeURIComponent(message.messageId)}">${message.subject === undefined || message.subject === '' ? '(no subject)' : message.subject}</a></td>
<td>${message.releasable ? '' : html`<strong class="problem">never released (virus)</strong> `}${message.reasons.join('; ')}</td>
<td>${documents.filter((document) => document.decision === 'upload').map((document) => html`<div>${document.filename}</div>`)}</td>
</tr>`,
      )}</tbody>
</table>`
}`;
  return page({ title: 'Quarantine', source: options.source, active: '/quarantine', body });
}
