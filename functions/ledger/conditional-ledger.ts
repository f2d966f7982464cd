import { randomUUID } from 'node:crypto';
import type { DeliveryReport } from '../reports/message-report';
import { StorageError } from '../shared/errors';
import type {
  DeliveryLedger,
  DocumentClaim,
  DocumentClaimRequest,
  DocumentRef,
  HeldClaim,
  MailboxClaim,
  MailboxClaimRequest,
  MailboxRef,
  UploadFailure,
  UploadResult,
} from './delivery-ledger';
import { decideDocumentClaim, decideFailed, decideUploaded } from './document-rules';
import { documentKey, type LedgerItem, type LedgerItemStore, mailboxKey } from './ledger-items';
import type { Decision } from './ledger-rules';
import { decideMailboxClaim, decideMailboxFinish } from './mailbox-rules';

/**
 * Only the deliveries of one message (a handful of SNS and SQS duplicates) compete for an item,
 * so a few rounds always settle it; more means something is wrong, and the queue retries later.
 */
const MAX_WRITE_ROUNDS = 5;

/** The ledger on any item store with conditional writes: read, decide, write if unchanged. */
export class ConditionalLedger implements DeliveryLedger {
  constructor(
    private readonly store: LedgerItemStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  claimDocument(request: DocumentClaimRequest): Promise<DocumentClaim> {
    const token = randomUUID();
    return this.update(documentKey(request.companyNumber, request.sha256), (current, now) =>
      decideDocumentClaim(current, request, token, now),
    );
  }

  recordUploaded(request: DocumentClaimRequest, claim: HeldClaim, result: UploadResult): Promise<boolean> {
    return this.update(documentKey(request.companyNumber, request.sha256), (current, now) =>
      decideUploaded(current, request, claim, result, now),
    );
  }

  recordFailed(ref: DocumentRef, token: string, failure: UploadFailure): Promise<void> {
    return this.update(documentKey(ref.companyNumber, ref.sha256), (current, now) =>
      decideFailed(current, token, failure, now),
    );
  }

  claimMailbox(request: MailboxClaimRequest): Promise<MailboxClaim> {
    const token = randomUUID();
    return this.update(mailboxKey(request.messageId, request.mailbox), (current, now) =>
      decideMailboxClaim(current, request, token, now),
    );
  }

  finishMailbox(
    ref: MailboxRef,
    token: string,
    delivery: DeliveryReport | undefined,
    done: boolean,
  ): Promise<void> {
    return this.update(mailboxKey(ref.messageId, ref.mailbox), (current, now) =>
      decideMailboxFinish(current, token, delivery, done, now),
    );
  }

  /** Reads the item, decides, and writes only if nobody wrote in between; else decides again. */
  private async update<T>(
    pk: string,
    decide: (current: LedgerItem | undefined, now: Date) => Decision<T>,
  ): Promise<T> {
    for (let round = 1; round <= MAX_WRITE_ROUNDS; round++) {
      const current = await this.store.get(pk);
      const { result, next } = decide(current, this.now());
      if (next === undefined) return result;
      const written = await this.store.put(
        { ...next, revision: (current?.revision ?? 0) + 1 },
        current?.revision,
      );
      if (written) return result;
    }
    throw new StorageError(
      `The ledger item ${pk} kept changing during ${MAX_WRITE_ROUNDS} attempts to update it`,
    );
  }
}
