/** CloudWatch namespace of the function's metrics; the stack's alarms and dashboard use it too. */
export const METRICS_NAMESPACE = 'ClearfactsMailIngest';

/** The `service` dimension Powertools puts on every metric and log line; the alarms must name the same one. */
export const INGEST_SERVICE_NAME = 'clearfacts-mail-ingest';

/** Metric names shared by the function (which emits them) and the stack (alarms, dashboard). */
export const METRIC = {
  /** Messages taken from the queue and processed (any outcome). */
  messagesReceived: 'MessagesReceived',
  /** Documents Clearfacts accepted. */
  documentsUploaded: 'DocumentsUploaded',
  /** Candidates deliberately not uploaded (logos, non-invoices, ...). */
  documentsSkipped: 'DocumentsSkipped',
  /** Documents not sent because the ledger shows the same bytes already reached the same company. */
  documentsAlreadyDelivered: 'DocumentsAlreadyDelivered',
  /** Documents sent again after an attempt stopped between upload and ledger write: may be doubles. */
  documentsPossiblyRepeated: 'DocumentsPossiblyRepeated',
  /** Documents repeating an invoice the tray received before in other bytes (flagged or held). */
  invoiceRepeats: 'InvoiceRepeats',
  /** Uploads that failed, for any reason. */
  documentsFailed: 'DocumentsFailed',
  /** Clearfacts refused the token (401/403): an admin must act. */
  authFailures: 'ClearfactsAuthFailures',
  /** Messages handed back to the queue for a later retry. */
  messagesRetried: 'MessagesRetried',
  /** Messages the sender or verdict policy holds for an admin (`npm run quarantine`). */
  messagesQuarantined: 'MessagesQuarantined',
  /** Messages the policy refused for every mailbox (bounces, auto-replies, per config). */
  messagesRejected: 'MessagesRejected',
  /** Message bodies that should have become a PDF and could not, on the last attempt: the message failed. */
  bodyRendersFailed: 'BodyRendersFailed',
} as const;

/** The `service` dimension of the token keeper's metrics (functions/keeper/). */
export const TOKEN_KEEPER_SERVICE_NAME = 'clearfacts-token-keeper';

/** The token keeper's metric names, shared with its alarms. */
export const KEEPER_METRIC = {
  /** 1 for a run whose OIDC refresh failed, 0 for one that refreshed (or found a personal access token). */
  refreshFailures: 'TokenRefreshFailures',
  /** Days since the stored refresh token was issued; Clearfacts refuses it after 30. */
  refreshTokenAgeDays: 'RefreshTokenAgeDays',
} as const;
