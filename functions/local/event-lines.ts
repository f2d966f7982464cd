import { formatReport } from '../cli/format-report';
import type { LocalEvent } from './local-events';

/** Turns a file path into what is printed (relative to the working directory, say). */
export type PathDisplay = (path: string) => string;

/** A local event as the lines a person reads in the terminal running `npm start`. */
export function eventLines(event: LocalEvent, showPath: PathDisplay): string[] {
  switch (event.type) {
    case 'received': {
      const { message, stored } = event;
      const subject = stored.headers.commonHeaders.subject;
      return [
        `received ${stored.messageId}: from ${message.envelopeSender || '<>'} to ${message.recipients.join(', ')}` +
          `${subject === undefined ? '' : `, "${subject}"`} (${formatBytes(message.size)})`,
      ];
    }
    case 'refused':
      return [`refused ${event.refused.address ?? 'a message'}: ${event.refused.reply}`];
    case 'processed': {
      const { result } = event;
      if (result.status === 'ignored') return [`ignored queue message ${result.recordId}: ${result.reason}`];
      const report = result.report;
      if (report === undefined) {
        const error = result.status === 'retry' ? result.error : undefined;
        return [`queue message ${result.recordId} failed: ${error ?? 'unknown error'}`];
      }
      const lines = formatReport(report);
      if (event.reportFile !== undefined) lines.push(`  report ${showPath(event.reportFile)}`);
      return lines;
    }
    case 'retry':
      return [
        `retry queue message ${event.recordId} in ${Math.round(event.delayMs / 100) / 10} s (delivery ${event.receiveCount})`,
      ];
    case 'dead-letter':
      return [`dead-lettered queue message ${event.recordId}: ${event.error} → ${showPath(event.file)}`];
    case 'sandbox-upload': {
      const { upload } = event;
      const where =
        upload.archive === undefined
          ? (upload.invoiceType ?? 'no invoice type')
          : `${upload.archive.type.toLowerCase()} archive, ${upload.archive.categoryName}`;
      return [
        `sandbox stored ${upload.filename} for ${upload.companyNumber} (${where})` +
          ` as ${upload.uuid} → ${showPath(upload.path)}`,
      ];
    }
    case 'sandbox-refused':
      return [`sandbox refused an upload: ${event.reason}`];
    case 'reply':
      return [`replied to ${event.reply.to}: "${event.reply.subject}" → ${showPath(event.reply.file)}`];
    case 'log': {
      // A log line about a message repeats what its report (printed when processed) says.
      if (event.attributes.messageId !== undefined) return [];
      const detail = Object.entries(event.attributes)
        .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
        .join(' ');
      return [`${event.level} ${event.message}${detail === '' ? '' : ` (${detail})`}`];
    }
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
