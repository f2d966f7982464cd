import { parseNotificationBody } from '../../functions/ingest/ses-notification';
import { InvalidInputError } from '../../functions/shared/errors';
import { loadEvent, sesNotification, snsEnvelope } from '../support/ses-events';

describe('reading the SES notification from a queue message', () => {
  it('unwraps the SNS envelope and keeps the envelope recipients, verdicts and S3 location', () => {
    const parsed = parseNotificationBody(snsEnvelope(loadEvent('ses-received-s3.json')));
    expect(parsed.kind).toBe('received');
    if (parsed.kind !== 'received') return;
    expect(parsed.notification.receipt.recipients).toEqual(['acme@invoices.example.com']);
    expect(parsed.notification.receipt.dmarcVerdict).toBe('PASS');
    expect(parsed.notification.receipt.action).toMatchObject({
      bucketName: 'clearfacts-mail-ingest-mail-123456789012',
      objectKey: 'inbound/o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1',
    });
  });

  it('accepts the bare SES JSON (raw message delivery)', () => {
    expect(parseNotificationBody(JSON.stringify(sesNotification())).kind).toBe('received');
  });

  it('ignores the setup notification SES sends for a new rule', () => {
    expect(parseNotificationBody(snsEnvelope(loadEvent('ses-setup-notification.json')))).toEqual({
      kind: 'ignored',
      reason: 'SES setup notification for a new receipt rule',
    });
  });

  it('ignores notifications of other kinds', () => {
    const body = snsEnvelope({ notificationType: 'AmazonSnsSubscriptionSucceeded', message: 'ok' });
    expect(parseNotificationBody(body)).toEqual({
      kind: 'ignored',
      reason: 'not a Received notification (AmazonSnsSubscriptionSucceeded)',
    });
  });

  it('names the missing field of a notification it cannot use', () => {
    const notification = sesNotification() as { receipt: Record<string, unknown> };
    delete notification.receipt.action;
    expect(() => parseNotificationBody(JSON.stringify(notification))).toThrow(InvalidInputError);
    expect(() => parseNotificationBody(JSON.stringify(notification))).toThrow(/receipt\.action/);
  });

  it('rejects a body that is not JSON', () => {
    expect(() => parseNotificationBody('hello')).toThrow('The queue message body is not JSON');
  });
});
