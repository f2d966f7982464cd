import type { ReceiptRule } from '@aws-sdk/client-ses';

/** What a receipt rule of this stack does; the same settings whether CloudFormation or `join` creates it. */
export interface ReceiptRuleSpec {
  /** The rule's literal name (stack-derived: policies name it). */
  readonly ruleName: string;
  /** Mail to any address on this domain matches. */
  readonly domain: string;
  readonly bucketName: string;
  /** Key prefix for raw mail. */
  readonly objectKeyPrefix: string;
  /** Notified for every stored message. */
  readonly topicArn: string;
}

/** Refuse mail from servers that will not encrypt the connection. */
export const RULE_TLS_POLICY = 'Require';

/** Spam and virus verdicts reach the function, which applies each mailbox's policy. */
export const RULE_SCAN_ENABLED = true;

/** The rule in the shape of the SES API (`CreateReceiptRule`, `UpdateReceiptRule`). */
export function receiptRule(spec: ReceiptRuleSpec): ReceiptRule {
  return {
    Name: spec.ruleName,
    Enabled: true,
    TlsPolicy: RULE_TLS_POLICY,
    ScanEnabled: RULE_SCAN_ENABLED,
    Recipients: [spec.domain],
    Actions: [
      {
        S3Action: {
          BucketName: spec.bucketName,
          ObjectKeyPrefix: spec.objectKeyPrefix,
          TopicArn: spec.topicArn,
        },
      },
    ],
  };
}
