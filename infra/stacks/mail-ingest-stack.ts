import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { Config } from '../../functions/config/config-schema';
import { answersSenders, replyFromAddress } from '../../functions/feedback/feedback-settings';
import { STACK_OUTPUT, type StackOutputName } from '../../functions/shared/stack-contract';
import { BodyRenderer } from '../constructs/body-renderer';
import { ClearfactsSecret } from '../constructs/clearfacts-secret';
import { IngestAlarms } from '../constructs/ingest-alarms';
import { IngestDashboard } from '../constructs/ingest-dashboard';
import { INGEST_TIMEOUT, IngestFunction } from '../constructs/ingest-function';
import { LedgerTable } from '../constructs/ledger-table';
import { MailBucket } from '../constructs/mail-bucket';
import { MailDomain } from '../constructs/mail-domain';
import { MailNotifications } from '../constructs/mail-notifications';
import { MailReceiptRule } from '../constructs/mail-receipt-rule';
import {
  ANY_RULE_SET,
  defaultReceiptRuleNames,
  type ReceiptRuleNames,
} from '../constructs/receipt-rule-names';
import { TokenKeeper } from '../constructs/token-keeper';
import type { DomainIdentityMode } from '../domain-identity';

/** What the stack is built from. */
export interface MailIngestStackProps extends StackProps {
  /** The admin's validated config: the same file the function reads. */
  readonly config: Config;
  /** Whether the stack creates the domain's SES identity (infra/domain-identity.ts). @default 'create' */
  readonly domainIdentity?: DomainIdentityMode;
}

/** Every piece of the flow: SES → S3 + SNS → SQS → Lambda → Clearfacts, with its ledger and alarms. */
export class MailIngestStack extends Stack {
  public readonly mail: MailBucket;
  public readonly notifications: MailNotifications;
  public readonly receiptRule: MailReceiptRule;
  public readonly ingest: IngestFunction;
  public readonly ledger: LedgerTable;
  public readonly secret: ClearfactsSecret;
  public readonly alarms: IngestAlarms;
  public readonly bodyRenderer: BodyRenderer;
  public readonly tokenKeeper: TokenKeeper;

  constructor(scope: Construct, id: string, props: MailIngestStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { deployment } = config;
    // `join` learns the active set's name only when deployed: policies then match the rule by its name.
    const names: ReceiptRuleNames = {
      ...defaultReceiptRuleNames(this.stackName),
      ...(deployment.ruleSet.mode === 'join' ? { ruleSetName: ANY_RULE_SET } : {}),
    };

    const domain = new MailDomain(this, 'Domain', {
      domain: config.domain,
      existingIdentity: props.domainIdentity === 'existing',
      region: this.region,
      ...(deployment.hostedZone === undefined ? {} : { hostedZone: deployment.hostedZone }),
    });
    this.mail = new MailBucket(this, 'Mail', {
      rawMailPrefix: deployment.rawMailPrefix,
      rawMailRetention: Duration.days(deployment.retention.rawMailDays),
      reportsRetention: Duration.days(deployment.retention.reportsDays),
    });
    this.notifications = new MailNotifications(this, 'Notifications', {
      receiptRule: names,
      consumerTimeout: INGEST_TIMEOUT,
    });
    this.receiptRule = new MailReceiptRule(this, 'Receiving', {
      domain: config.domain,
      names,
      bucket: this.mail.bucket,
      objectKeyPrefix: this.mail.rawMailPrefix,
      topic: this.notifications.topic,
      mode: deployment.ruleSet,
    });

    this.ledger = new LedgerTable(this, 'Ledger');
    this.secret = new ClearfactsSecret(this, 'Clearfacts', {
      ...(deployment.existingSecretName === undefined
        ? {}
        : { existingSecretName: deployment.existingSecretName }),
      ...(deployment.secretKmsKeyArn === undefined ? {} : { kmsKeyArn: deployment.secretKmsKeyArn }),
      auth: deployment.clearfactsAuth,
    });
    this.ingest = new IngestFunction(this, 'Ingest', {
      config,
      logRetention: deployment.logRetentionDays as logs.RetentionDays,
    });
    this.ingest.useSecret(this.secret);
    this.ingest.useLedger(this.ledger);
    this.ingest.useMailBucket(this.mail);
    this.ingest.consumeQueue(this.notifications.queue, deployment.maxConcurrency);
    // Replies to senders go out through SES from one address of the domain, unless every mailbox is off.
    const replyFrom = answersSenders(config) ? replyFromAddress(config) : undefined;
    const replies = replyFrom === undefined ? undefined : this.ingest.useReplies(domain.identity, replyFrom);
    // Mail bodies become PDFs in a function of their own: Chromium stays out of the ingest bundle.
    this.bodyRenderer = new BodyRenderer(this, 'BodyRenderer', {
      logRetention: deployment.logRetentionDays as logs.RetentionDays,
    });
    this.bodyRenderer.grantRenderTo(this.ingest.function);
    // An OpenID Connect login is refreshed daily even when no mail comes (a personal token is left alone).
    this.tokenKeeper = new TokenKeeper(this, 'TokenKeeper', {
      logRetention: deployment.logRetentionDays as logs.RetentionDays,
    });
    this.tokenKeeper.useSecret(this.secret);

    this.alarms = new IngestAlarms(this, 'Alarms', {
      queue: this.notifications.queue,
      deadLetterQueue: this.notifications.deadLetterQueue,
      function: this.ingest.function,
      ...(deployment.alarmEmail === undefined ? {} : { alarmEmail: deployment.alarmEmail }),
    });
    this.alarms.add(...this.tokenKeeper.alarms());
    const dashboard = new IngestDashboard(this, 'Dashboard', {
      queue: this.notifications.queue,
      deadLetterQueue: this.notifications.deadLetterQueue,
      function: this.ingest.function,
      alarms: this.alarms.all(),
    });

    this.addOutputs(dashboard, replyFrom, replies?.configurationSetName);
  }

  /**
   * Where an admin looks: printed by `cdk deploy` and kept in the stack's Outputs tab. The keys come
   * from the stack contract, which the operator CLI reads them by (replay, release, status, token).
   */
  private addOutputs(
    dashboard: IngestDashboard,
    replyFrom: string | undefined,
    replyConfigurationSet: string | undefined,
  ): void {
    const outputs: Partial<Record<StackOutputName, [string, string]>> = {
      bucket: [
        this.mail.bucket.bucketName,
        `Raw mail under ${this.mail.rawMailPrefix}, reports under ${this.mail.reportsPrefix}`,
      ],
      secret: [this.secret.secretName, 'Put the Clearfacts token here (see docs/deploying.md)'],
      receiptRuleSet: [this.receiptRule.ruleSetName, 'The SES receipt rule set holding the rule'],
      queue: [this.notifications.queue.queueUrl, 'Work queue of SES notifications'],
      deadLetterQueue: [
        this.notifications.deadLetterQueue.queueUrl,
        'Messages that failed too often; redrive from the SQS console',
      ],
      ledgerTable: [this.ledger.table.tableName, 'The delivery ledger (what reached Clearfacts)'],
      reportsPrefix: [this.mail.reportsPrefix, 'Where the reports are in the mail bucket'],
      renderFunction: [this.bodyRenderer.function.functionName, 'Renders mail bodies to PDF'],
      ...(replyFrom === undefined
        ? {}
        : { replyFrom: [replyFrom, 'The address replies to senders come from'] as [string, string] }),
      // Release and replay send from the admin's machine: they need the set to honour the suppression list.
      ...(replyConfigurationSet === undefined
        ? {}
        : {
            replyConfigurationSet: [
              replyConfigurationSet,
              'The SES configuration set replies go through (suppression list)',
            ] as [string, string],
          }),
      functionLogGroup: [this.ingest.logGroup.logGroupName, 'The ingest function logs'],
      alarmTopic: [this.alarms.topic.topicArn, 'Subscribe here to receive alarms'],
      dashboard: [dashboard.dashboard.dashboardName, 'CloudWatch dashboard'],
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new CfnOutput(this, STACK_OUTPUT[name as StackOutputName], { value, description });
    }
  }
}
