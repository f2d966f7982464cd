import type { DeliveryReport, MessageReport, UploadReport } from '../reports/message-report';
import { trayText } from '../reports/tray-text';

/** Outcomes after which nothing is left to do: the CLI exits 0 for these (a quarantine waits for an admin). */
const SUCCESSFUL_OUTCOMES = new Set(['delivered', 'no-documents', 'planned', 'rejected']);

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
        : `  recipient ${recipient.recipient} → ${recipient.mailbox} (company ${recipient.companyNumber}, ${trayText(recipient)})`,
    );
  }
  if (report.automatic !== undefined)
    lines.push(`  automatic mail, never answered: ${report.automatic.reason}`);
  if (report.released !== undefined) {
    lines.push(
      `  released from quarantine${report.released.by ? ` by ${report.released.by}` : ''} at ${report.released.at}`,
    );
  }
  for (const delivery of report.deliveries) {
    const line = policyLine(report.messageId, delivery);
    if (line !== undefined) lines.push(`  ${line}`);
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
      lines.push(`  ${uploadLine(upload, `${delivery.companyNumber}/${trayText(delivery)}`)}`);
    }
  }
  return lines;
}

/** What the policy did for a mailbox, when it held the message, e.g. `quarantined for acme@…: <why>`. */
function policyLine(messageId: string, delivery: DeliveryReport): string | undefined {
  const policy = delivery.policy;
  if (policy === undefined || policy.action === 'accept') return undefined;
  const line = `${policy.action === 'reject' ? 'rejected' : 'quarantined'} for ${delivery.mailbox}: ${policy.reason}`;
  if (policy.action === 'reject') return line;
  return policy.releasable === false
    ? `${line} (it can be inspected, never released)`
    : `${line}\n    → review it, then: npm run release -- ${messageId}`;
}

/** One upload's fate, e.g. `uploaded invoice.pdf to 0123456749/PURCHASE as <uuid>`. */
function uploadLine(upload: UploadReport, target: string): string {
  const file = `${upload.filename} to ${target}`;
  switch (upload.status) {
    case 'uploaded': {
      const earlier = upload.earlierAttempt === true ? ' (in an earlier attempt)' : '';
      const repeat = upload.possibleRepeat === true ? `; ${upload.note}` : '';
      const invoice = upload.repeatOf === undefined ? '' : `; ${upload.invoiceNote}`;
      return `uploaded ${file} as ${upload.uuid}${earlier}${repeat}${invoice}`;
    }
    case 'held':
      return `held ${file}: ${upload.invoiceNote}`;
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
