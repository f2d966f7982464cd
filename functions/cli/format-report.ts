import type { MessageReport, UploadReport } from '../reports/message-report';

/** Outcomes after which nothing is left to do: the CLI exits 0 for these. */
const SUCCESSFUL_OUTCOMES = new Set(['delivered', 'no-documents', 'planned']);

/** Whether every document was uploaded (or planned) or deliberately skipped. */
export function isSuccessfulReport(report: MessageReport): boolean {
  return SUCCESSFUL_OUTCOMES.has(report.outcome);
}

/** A report as lines a person reads in a terminal. */
export function formatReport(report: MessageReport): string[] {
  const lines = [
    `message ${report.messageId}: ${report.outcome}${report.error === undefined ? '' : ` (${report.error})`}`,
  ];
  if (report.subject !== undefined || report.from !== undefined) {
    lines.push(`  from ${report.from ?? report.envelopeSender ?? '?'}, subject "${report.subject ?? ''}"`);
  }
  for (const recipient of report.recipients) {
    lines.push(
      recipient.mailbox === undefined
        ? `  recipient ${recipient.recipient}: not routed (${recipient.reason})`
        : `  recipient ${recipient.recipient} → ${recipient.mailbox} (company ${recipient.companyNumber}, ${recipient.invoiceType})`,
    );
  }
  for (const document of report.documents) {
    const what = `${document.filename} [${document.detectedType}, ${document.size} bytes]`;
    lines.push(
      document.decision === 'skip'
        ? `  skipped ${what}: ${document.reason}`
        : `  document ${what} from ${document.origin}`,
    );
  }
  for (const delivery of report.deliveries) {
    for (const upload of delivery.uploads) {
      lines.push(`  ${uploadLine(upload, `${delivery.companyNumber}/${delivery.invoiceType}`)}`);
    }
  }
  return lines;
}

/** One upload's fate, e.g. `uploaded invoice.pdf to 0123456749/PURCHASE as <uuid>`. */
function uploadLine(upload: UploadReport, target: string): string {
  const file = `${upload.filename} to ${target}`;
  switch (upload.status) {
    case 'uploaded': {
      const earlier = upload.earlierAttempt === true ? ' (in an earlier attempt)' : '';
      const repeat = upload.possibleRepeat === true ? `; ${upload.note}` : '';
      return `uploaded ${file} as ${upload.uuid}${earlier}${repeat}`;
    }
    case 'duplicate':
      return `not sent ${file}: ${upload.note}`;
    case 'in-progress':
      return `waiting ${file}: ${upload.note}`;
    case 'planned':
      return `would upload ${file}`;
    case 'failed':
      return `FAILED ${file}: ${upload.error}`;
  }
}
