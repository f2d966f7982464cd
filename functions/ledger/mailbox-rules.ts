import type { DeliveryReport } from '../reports/message-report';
import type { MailboxClaim, MailboxClaimRequest } from './delivery-ledger';
import { expiryFrom, type LedgerItem, type MailboxItem, mailboxKey } from './ledger-items';
import { type Decision, isLive, leaseEnd } from './ledger-rules';

/** Mailboxes: a live claim means busy; done stays done unless an admin replays; else start. */
export function decideMailboxClaim(
  current: LedgerItem | undefined,
  request: MailboxClaimRequest,
  token: string,
  now: Date,
): Decision<MailboxClaim> {
  const item = current?.type === 'mailbox' ? current : undefined;
  if (item?.state === 'processing' && isLive(item, now.getTime())) {
    return { result: { kind: 'busy', leaseUntil: leaseEnd(item) } };
  }
  if (item?.state === 'done' && !request.force && item.delivery !== undefined) {
    return {
      result: { kind: 'done', delivery: item.delivery, finishedAt: item.finishedAt ?? item.updatedAt },
    };
  }
  const attempts = (item?.attempts ?? 0) + 1;
  const next: MailboxItem = {
    pk: mailboxKey(request.messageId, request.mailbox),
    type: 'mailbox',
    revision: 0,
    state: 'processing',
    messageId: request.messageId,
    mailbox: request.mailbox,
    attempts,
    claimToken: token,
    leaseUntil: now.getTime() + request.leaseMs,
    updatedAt: now.toISOString(),
    expiresAt: expiryFrom(now),
  };
  return { result: { kind: 'started', token, attempts }, next };
}

/** Ends the holder's mailbox claim, keeping the delivery for duplicates and for the next attempt. */
export function decideMailboxFinish(
  current: LedgerItem | undefined,
  token: string,
  delivery: DeliveryReport | undefined,
  done: boolean,
  now: Date,
): Decision<void> {
  if (current?.type !== 'mailbox' || current.state !== 'processing' || current.claimToken !== token) {
    return { result: undefined };
  }
  const { claimToken: _token, leaseUntil: _lease, ...rest } = current;
  const next: MailboxItem = {
    ...rest,
    state: done ? 'done' : 'open',
    ...(delivery === undefined ? {} : { delivery }),
    ...(done ? { finishedAt: now.toISOString() } : {}),
    updatedAt: now.toISOString(),
    expiresAt: expiryFrom(now),
  };
  return { result: undefined, next };
}
