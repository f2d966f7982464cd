import type {
  DeliveryReport,
  DocumentReport,
  MessageReport,
  UploadReport,
} from '../../reports/message-report';
import { trayText } from '../../reports/tray-text';
import { type PreviewDocument, previewKind } from '../document-preview';
import { formatBytes, html, page, type SafeHtml, shortTime } from '../html';
import type { ReviewState } from '../review-state';
import { summariseInvoiceXml } from '../xml-summary';

/** A text preview shows this much of the source; the download has it all. */
const MAX_TEXT_PREVIEW_BYTES = 200 * 1024;

/** One message: its report in human form, its documents previewed, and what an admin may do. */
export function messagePage(options: {
  readonly source: string;
  readonly report: MessageReport;
  readonly previews: readonly PreviewDocument[];
  readonly review: ReviewState;
  readonly notice?: string;
  readonly problem?: string;
}): string {
  const { report, review } = options;
  const base = `/messages/${encodeURIComponent(report.messageId)}`;
  const bySha = new Map(options.previews.map((preview) => [preview.candidate.sha256, preview]));
  const body = html`
<h1>${report.subject === undefined || report.subject === '' ? '(no subject)' : report.subject}</h1>
${options.notice === undefined ? '' : html`<p class="notice" role="status">${options.notice}</p>`}
${options.problem === undefined ? '' : html`<p class="problem" role="alert">${options.problem}</p>`}
<p><span class="outcome ${report.outcome}" data-outcome="${report.outcome}">${report.outcome}</span>
${review.state === 'discarded' ? html` <span class="outcome discarded">discarded</span>` : ''}
${report.error === undefined ? '' : html` <span class="problem">${report.error}</span>`}</p>
<dl class="facts">
  <dt>Message</dt><dd><code>${report.messageId}</code></dd>
  <dt>Received</dt><dd>${shortTime(report.receivedAt)} UTC</dd>
  <dt>Processed</dt><dd>${shortTime(report.processedAt)} UTC, attempt ${report.attempt}${report.replay ? ' (replay)' : ''}</dd>
  <dt>Envelope sender</dt><dd>${report.envelopeSender}</dd>
  <dt>From</dt><dd>${report.from ?? ''}</dd>
  ${report.released === undefined ? '' : html`<dt>Released</dt><dd>${shortTime(report.released.at)} UTC${report.released.by ? ` by ${report.released.by}` : ''}</dd>`}
  ${report.discarded === undefined ? '' : html`<dt>Discarded</dt><dd>${shortTime(report.discarded.at)} UTC${report.discarded.by ? ` by ${report.discarded.by}` : ''}</dd>`}
  ${report.automatic === undefined ? '' : html`<dt>Automatic mail</dt><dd>${report.automatic.reason}</dd>`}
  <dt>Reply</dt><dd>${report.reply === undefined ? 'none' : report.reply.sent ? `sent to ${report.reply.to} at ${shortTime(report.reply.at)} UTC` : `not sent: ${report.reply.reason}`}</dd>
</dl>
<p class="downloads"><a href="${base}/report.json" download>Report (JSON)</a> · <a href="${base}/raw.eml" download>Raw message (.eml)</a></p>
${actions(base, review)}
<h2>Verdicts</h2>
<table class="verdicts"><tbody>${Object.entries(report.verdicts).map(([name, status]) => html`<tr><th>${name}</th><td class="verdict ${status.toLowerCase()}">${status}</td></tr>`)}</tbody></table>
<h2>Routes</h2>
<ul class="routes">${report.recipients.map((route) =>
    route.mailbox === undefined
      ? html`<li>${route.recipient}: not routed (${route.reason ?? 'no mailbox'})</li>`
      : html`<li>${route.recipient} → ${route.mailbox} (company ${route.companyNumber}, ${trayText(route)})</li>`,
  )}</ul>
<h2>Deliveries</h2>
${report.deliveries.length === 0 ? html`<p class="empty">None.</p>` : report.deliveries.map(delivery)}
<h2>Documents</h2>
${report.documents.length === 0 ? html`<p class="empty">The message held no documents.</p>` : report.documents.map((document) => documentSection(base, document, bySha.get(document.sha256)))}`;
  return page({ title: report.subject ?? report.messageId, source: options.source, body });
}

function actions(base: string, review: ReviewState): SafeHtml {
  const buttons: SafeHtml[] = [];
  if (review.canRelease) buttons.push(html`<a class="button" href="${base}/release">Release…</a>`);
  if (review.canDiscard) buttons.push(html`<a class="button secondary" href="${base}/discard">Discard…</a>`);
  if (review.state === 'held' && !review.canRelease) {
    buttons.push(html`<span class="problem">${review.whyNot ?? 'It cannot be released.'}</span>`);
  }
  if (review.state === 'other' || review.state === 'released') {
    buttons.push(html`<a class="button secondary" href="${base}/replay">Replay…</a>`);
  }
  return buttons.length === 0
    ? html``
    : html`<p class="actions" data-review="${review.state}">${buttons}</p>`;
}

function delivery(entry: DeliveryReport): SafeHtml {
  return html`<section class="delivery">
<h3>${entry.mailbox} → company ${entry.companyNumber} (${trayText(entry)})</h3>
${entry.policy === undefined ? '' : html`<p class="policy">Policy: <strong>${entry.policy.action}</strong>${entry.policy.reason ? ` — ${entry.policy.reason}` : ''}${entry.policy.releasable === false ? ' (never released)' : ''}</p>`}
${entry.attempts === undefined ? '' : html`<p>Attempts: ${entry.attempts}${entry.fromEarlierAttempt ? ' (finished by an earlier attempt)' : ''}</p>`}
${entry.uploads.length === 0 ? '' : html`<table class="uploads"><thead><tr><th>Document</th><th>Status</th><th>Clearfacts uuid</th><th>Details</th></tr></thead><tbody>${entry.uploads.map(upload)}</tbody></table>`}
</section>`;
}

function upload(entry: UploadReport): SafeHtml {
  const details = [
    entry.uploadedAt === undefined ? '' : `at ${shortTime(entry.uploadedAt)} UTC`,
    entry.attempts === undefined ? '' : `${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'}`,
    entry.earlierAttempt ? 'sent by an earlier attempt' : '',
    entry.possibleRepeat ? 'possible repeat: an earlier upload got no answer' : '',
    entry.deliveredFrom === undefined ? '' : `first delivered from ${entry.deliveredFrom}`,
    entry.note ?? '',
    entry.error === undefined ? '' : `${entry.error}${entry.errorKind ? ` (${entry.errorKind})` : ''}`,
  ].filter((part) => part !== '');
  return html`<tr><td>${entry.filename}</td><td><span class="upload ${entry.status}">${entry.status}</span></td><td><code class="uuid">${entry.uuid ?? ''}</code></td><td>${details.join('; ')}</td></tr>`;
}

function documentSection(
  base: string,
  document: DocumentReport,
  preview: PreviewDocument | undefined,
): SafeHtml {
  const href = `${base}/documents/${document.sha256}`;
  const heading = html`<h3>${document.filename}</h3>
<p class="decision ${document.decision}">${document.decision === 'upload' ? 'accepted for upload' : 'skipped'}${document.reason ? `: ${document.reason}` : ''}</p>
<p class="facts-line">${document.detectedType}, ${formatBytes(document.size)}, from ${document.origin}${document.originalFilename ? `, sent as "${document.originalFilename}"` : ''} · sha256 <code>${document.sha256.slice(0, 16)}…</code></p>`;
  if (preview === undefined) {
    return html`<section class="document" data-sha256="${document.sha256}">${heading}<p class="empty">Not in the raw message as such (for example a PDF printed from the message body): nothing to preview.</p></section>`;
  }
  const original =
    preview.original === undefined || document.convertedFrom === undefined
      ? ''
      : html`<div class="original"><h4>Original: ${preview.original.filename} (${document.convertedFrom.detectedType}, ${formatBytes(document.convertedFrom.size)})</h4>${
          previewKind(document.convertedFrom.detectedType).kind === 'image'
            ? html`<img src="${href}/original" alt="${preview.original.filename}">`
            : ''
        }<p><a href="${href}/original" download>Download the original</a></p></div>`;
  return html`<section class="document" data-sha256="${document.sha256}">${heading}${original}${documentPreview(href, document, preview)}</section>`;
}

function documentPreview(href: string, document: DocumentReport, preview: PreviewDocument): SafeHtml {
  const { kind } = previewKind(document.detectedType);
  const download = html`<a href="${href}" download>Download</a>`;
  switch (kind) {
    case 'pdf':
      return html`<div class="pdf-preview" data-src="${href}" data-filename="${document.filename}"><p class="loading">Rendering the PDF…</p></div>
<p><a href="${href}?view=inline" target="_blank" rel="noopener">Open in the browser's PDF viewer</a> · ${download}</p>`;
    case 'image':
      return html`<img class="image-preview" src="${href}" alt="${document.filename}"><p>${download}</p>`;
    case 'text': {
      const content = preview.candidate.content;
      const summary = document.detectedType === 'invoice-xml' ? summariseInvoiceXml(content) : undefined;
      const text = content.subarray(0, MAX_TEXT_PREVIEW_BYTES).toString('utf8');
      return html`${summary === undefined ? '' : invoiceSummary(summary)}
<details${summary === undefined ? html` open` : ''}><summary>Source${content.length > MAX_TEXT_PREVIEW_BYTES ? ` (first ${formatBytes(MAX_TEXT_PREVIEW_BYTES)})` : ''}</summary><pre class="source">${text}</pre></details>
<p>${download}</p>`;
    }
    default:
      return html`<p>${download}</p>`;
  }
}

function invoiceSummary(summary: NonNullable<ReturnType<typeof summariseInvoiceXml>>): SafeHtml {
  return html`<div class="invoice-summary">
<dl class="facts">
  <dt>Type</dt><dd>${summary.documentType}</dd>
  <dt>Supplier</dt><dd>${summary.supplier ?? ''}${summary.supplierId ? ` (${summary.supplierId})` : ''}</dd>
  <dt>Customer</dt><dd>${summary.customer ?? ''}</dd>
  <dt>Number</dt><dd class="invoice-number">${summary.number ?? ''}</dd>
  <dt>Issue date</dt><dd>${summary.issueDate ?? ''}</dd>
  ${summary.dueDate === undefined ? '' : html`<dt>Due date</dt><dd>${summary.dueDate}</dd>`}
  <dt>Total to pay</dt><dd class="invoice-total">${summary.payable ?? ''}</dd>
</dl>
${summary.lines.length === 0 ? '' : html`<table class="lines"><thead><tr><th>#</th><th>Item</th><th>Quantity</th><th>Amount</th></tr></thead><tbody>${summary.lines.map((line) => html`<tr><td>${line.id ?? ''}</td><td>${line.name ?? ''}</td><td>${line.quantity ?? ''}</td><td>${line.amount ?? ''}</td></tr>`)}</tbody></table>`}
</div>`;
}
