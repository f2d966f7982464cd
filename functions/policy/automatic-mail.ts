import type { ParsedMail } from 'mailparser';
import { headerValues } from '../mail/header-values';

/**
 * Mail no person wrote. `bounce`, `auto-reply` and `own-address` are never documents and are
 * dropped; `auto-generated` and `bulk` can be: billing systems send invoices marked that way
 * (RFC 3834 asks them to), so they are uploaded like any mail. None of them is ever answered,
 * which is what keeps two robots from mailing each other forever.
 */
export type AutomaticKind = 'bounce' | 'auto-reply' | 'own-address' | 'auto-generated' | 'bulk';

/** What kind of automatic mail a message is, and why we think so. */
export interface AutomaticMail {
  readonly kind: AutomaticKind;
  readonly reason: string;
  /** Upload nothing from it. */
  readonly drop: boolean;
}

/** Local parts that only machines send from (RFC 2142 and common practice). */
const SYSTEM_LOCAL_PARTS = new Set([
  'mailer-daemon',
  'postmaster',
  'noreply',
  'no-reply',
  'donotreply',
  'do-not-reply',
  'bounce',
  'bounces',
]);

/** What recognising automatic mail needs beyond the message. */
export interface AutomaticMailContext {
  /** The envelope sender (MAIL FROM); `''` when unknown (a message ingested from a file). */
  readonly envelopeSender: string;
  /** The domain this deployment receives mail for. */
  readonly ownDomain: string;
  /** Whether an address is one of our own mailboxes (they receive, never send). */
  readonly isOwnMailbox: (address: string) => boolean;
}

/** Recognises bounces, auto-replies, our own mail and bulk mail; `undefined` for mail a person sent. */
export function classifyAutomaticMail(
  parsed: Pick<ParsedMail, 'headerLines' | 'from'>,
  context: AutomaticMailContext,
): AutomaticMail | undefined {
  return ownAddress(parsed, context) ?? bounce(parsed, context) ?? autoReply(parsed) ?? bulk(parsed);
}

function ownAddress(
  parsed: Pick<ParsedMail, 'from'>,
  context: AutomaticMailContext,
): AutomaticMail | undefined {
  const senders = [context.envelopeSender, ...(parsed.from?.value ?? []).map((entry) => entry.address ?? '')];
  for (const sender of senders.map(bareAddress)) {
    const at = sender.lastIndexOf('@');
    if (at <= 0) continue;
    const domain = sender.slice(at + 1);
    const ours = domain === context.ownDomain || domain.endsWith(`.${context.ownDomain}`);
    if ((ours && SYSTEM_LOCAL_PARTS.has(sender.slice(0, at))) || context.isOwnMailbox(sender)) {
      return drop('own-address', `sent from our own address ${sender}: answering or uploading it could loop`);
    }
  }
  return undefined;
}

function bounce(
  parsed: Pick<ParsedMail, 'headerLines' | 'from'>,
  context: AutomaticMailContext,
): AutomaticMail | undefined {
  if (context.envelopeSender.trim() === '<>' || headerValues(parsed, 'return-path').some(isNullPath)) {
    return drop('bounce', 'sent with an empty return path, as delivery reports and auto-replies are');
  }
  const daemon = [context.envelopeSender, ...(parsed.from?.value ?? []).map((entry) => entry.address ?? '')]
    .map(bareAddress)
    .find((address) => /^(mailer-daemon|postmaster)@/.test(address));
  if (daemon !== undefined) return drop('bounce', `a delivery report from ${daemon}`);
  const contentType = headerValues(parsed, 'content-type')[0] ?? '';
  if (/^multipart\/report\b/i.test(contentType)) {
    const reportType = /report-type\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1]?.toLowerCase() ?? 'unknown';
    return drop('bounce', `a delivery or read report (multipart/report, report-type ${reportType})`);
  }
  return undefined;
}

function autoReply(parsed: Pick<ParsedMail, 'headerLines'>): AutomaticMail | undefined {
  const submitted = firstToken(headerValues(parsed, 'auto-submitted')[0]);
  if (submitted === 'auto-replied')
    return drop('auto-reply', 'an automatic reply (Auto-Submitted: auto-replied)');
  for (const header of ['x-autoreply', 'x-autorespond', 'x-autoresponder']) {
    if (headerValues(parsed, header).length > 0)
      return drop('auto-reply', `an automatic reply (${header} header)`);
  }
  if (firstToken(headerValues(parsed, 'precedence')[0]) === 'auto_reply') {
    return drop('auto-reply', 'an automatic reply (Precedence: auto_reply)');
  }
  return undefined;
}

function bulk(parsed: Pick<ParsedMail, 'headerLines'>): AutomaticMail | undefined {
  const submitted = firstToken(headerValues(parsed, 'auto-submitted')[0]);
  if (submitted !== undefined && submitted !== 'no') {
    return keep('auto-generated', `sent by a program (Auto-Submitted: ${submitted})`);
  }
  const precedence = firstToken(headerValues(parsed, 'precedence')[0]);
  if (precedence === 'bulk' || precedence === 'list' || precedence === 'junk') {
    return keep('bulk', `bulk mail (Precedence: ${precedence})`);
  }
  if (headerValues(parsed, 'list-id').length > 0 || headerValues(parsed, 'list-unsubscribe').length > 0) {
    return keep('bulk', 'mailing-list mail (List-Id or List-Unsubscribe)');
  }
  return undefined;
}

function drop(kind: AutomaticKind, reason: string): AutomaticMail {
  return { kind, reason, drop: true };
}

function keep(kind: AutomaticKind, reason: string): AutomaticMail {
  return { kind, reason, drop: false };
}

function isNullPath(value: string): boolean {
  return /^<\s*>$/.test(value.trim());
}

/** `Name <a@b>` or `<a@b>` to `a@b`, lower case. */
function bareAddress(value: string): string {
  const angle = /<([^<>]*)>\s*$/.exec(value);
  return (angle?.[1] ?? value).trim().toLowerCase();
}

/** The value's first word, lower case: `auto-generated` of `auto-generated; owner-email=...`. */
function firstToken(value: string | undefined): string | undefined {
  const token = value
    ?.split(/[;\s(]/, 1)[0]
    ?.trim()
    .toLowerCase();
  return token === undefined || token === '' ? undefined : token;
}
