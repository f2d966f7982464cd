import type { ParsedMail } from 'mailparser';
import { headerValues } from '../mail/header-values';

/** The header `From:` address, or why the message has no single one to judge. */
export type HeaderSender =
  | { readonly address: string; readonly problem?: undefined }
  | { readonly address?: undefined; readonly problem: string };

/**
 * The one address in the message's one `From:` header, lower case. DMARC authenticates the domain
 * of that header, so anything that makes it ambiguous (no `From:`, two of them, two addresses, or
 * text that readers could split differently) leaves no sender the allow-list may trust.
 */
export function headerSender(parsed: Pick<ParsedMail, 'headerLines' | 'from'>): HeaderSender {
  const headers = headerValues(parsed, 'from');
  if (headers.length === 0) return { problem: 'the message has no From: header' };
  if (headers.length > 1) return { problem: `the message has ${headers.length} From: headers` };
  const addresses = (parsed.from?.value ?? []).flatMap((entry) => [
    ...(entry.address === undefined || entry.address === '' ? [] : [entry.address]),
    ...(entry.group ?? []).flatMap((member) => (member.address ? [member.address] : [])),
  ]);
  if (addresses.length !== 1) {
    return {
      problem: `the From: header names ${addresses.length === 0 ? 'no' : addresses.length} addresses`,
    };
  }
  // Outside quoted display names, one address has one "@"; more means readers may disagree on it.
  const unquoted = (headers[0] ?? '').replace(/"(?:[^"\\]|\\.)*"/g, '""');
  if ((unquoted.match(/@/g) ?? []).length !== 1) {
    return { problem: 'the From: header is ambiguous (more than one address-like part)' };
  }
  const address = (addresses[0] ?? '').trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(address)) return { problem: 'the From: address is not a valid address' };
  return { address };
}
