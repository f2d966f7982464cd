import type { DocumentClaim, DocumentClaimRequest, UploadFailure, UploadResult } from './delivery-ledger';
import { type DocumentItem, documentKey, expiryFrom, type LedgerItem } from './ledger-items';
import { type Decision, isLive, leaseEnd } from './ledger-rules';

/** Documents: uploaded stops everyone; a live claim stops others; anything else may be (re)claimed. */
export function decideDocumentClaim(
  current: LedgerItem | undefined,
  request: DocumentClaimRequest,
  token: string,
  now: Date,
): Decision<DocumentClaim> {
  const item = current?.type === 'document' ? current : undefined;
  if (item?.state === 'uploaded') {
    const { uuid = '', uploadedAt = '', pages = null, messageId, mailbox, filename, attempts } = item;
    return {
      result: {
        kind: 'uploaded',
        document: { uuid, uploadedAt, pages, messageId, mailbox, filename, attempts },
      },
    };
  }
  if (item?.state === 'in-flight' && isLive(item, now.getTime())) {
    return { result: { kind: 'in-flight', messageId: item.messageId, leaseUntil: leaseEnd(item) } };
  }
  // An expired in-flight claim ended without a result: its upload may have reached Clearfacts.
  const interrupted = item?.state === 'in-flight';
  const unansweredAt = item?.unansweredAt ?? (interrupted ? item.updatedAt : undefined);
  const sameSender = item?.messageId === request.messageId && item.mailbox === request.mailbox;
  const attempts = (sameSender ? item.attempts : 0) + 1;
  const next: DocumentItem = {
    pk: documentKey(request.companyNumber, request.invoiceType, request.sha256),
    type: 'document',
    revision: 0,
    state: 'in-flight',
    companyNumber: request.companyNumber,
    invoiceType: request.invoiceType,
    sha256: request.sha256,
    messageId: request.messageId,
    mailbox: request.mailbox,
    filename: request.filename,
    attempts,
    ...(unansweredAt === undefined ? {} : { unansweredAt }),
    claimToken: token,
    leaseUntil: now.getTime() + request.leaseMs,
    updatedAt: now.toISOString(),
    expiresAt: expiryFrom(now),
  };
  const claim = { kind: 'claimed' as const, token, attempts, interrupted };
  return { result: unansweredAt === undefined ? claim : { ...claim, unansweredAt }, next };
}

/**
 * Records an upload. Written even when the claim was lost to a takeover (the bytes did reach
 * Clearfacts), but never over an upload already recorded. True only for the claim's own holder.
 */
export function decideUploaded(
  current: LedgerItem | undefined,
  request: DocumentClaimRequest,
  claim: { readonly token: string; readonly attempts: number },
  result: UploadResult,
  now: Date,
): Decision<boolean> {
  const item = current?.type === 'document' ? current : undefined;
  if (item?.state === 'uploaded') return { result: false };
  const next: DocumentItem = {
    pk: documentKey(request.companyNumber, request.invoiceType, request.sha256),
    type: 'document',
    revision: 0,
    state: 'uploaded',
    companyNumber: request.companyNumber,
    invoiceType: request.invoiceType,
    sha256: request.sha256,
    messageId: request.messageId,
    mailbox: request.mailbox,
    filename: request.filename,
    attempts: claim.attempts,
    uuid: result.uuid,
    uploadedAt: result.uploadedAt,
    pages: result.pages,
    updatedAt: now.toISOString(),
  };
  return { result: item?.claimToken === claim.token, next };
}

/** Releases the holder's claim after a failed upload; anyone else's item is left alone. */
export function decideFailed(
  current: LedgerItem | undefined,
  token: string,
  failure: UploadFailure,
  now: Date,
): Decision<void> {
  if (current?.type !== 'document' || current.state !== 'in-flight' || current.claimToken !== token) {
    return { result: undefined };
  }
  const { claimToken: _token, leaseUntil: _lease, ...rest } = current;
  const { outcomeUnknown, ...reason } = failure;
  // The earliest unanswered upload is the one a repeat may duplicate: keep its time.
  const unknown = outcomeUnknown
    ? { state: 'outcome-unknown' as const, unansweredAt: current.unansweredAt ?? now.toISOString() }
    : { state: 'failed' as const };
  return { result: undefined, next: { ...rest, ...reason, ...unknown, updatedAt: now.toISOString() } };
}
