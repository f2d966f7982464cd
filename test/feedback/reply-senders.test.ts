import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { type ComposedReply, composeReply } from '../../functions/feedback/compose-reply';
import { lazySesReplySender } from '../../functions/feedback/lazy-ses-reply-sender';
import { type LocalReply, LocalReplySender } from '../../functions/feedback/local-reply-sender';
import { writeReply } from '../../functions/feedback/reply-body';
import { ReplyError } from '../../functions/feedback/reply-sender';
import { SesReplySender } from '../../functions/feedback/ses-reply-sender';

async function sampleReply(): Promise<ComposedReply> {
  return composeReply(
    {
      from: 'noreply@invoices.example.com',
      to: 'billing@supplier.example.be',
      inReplyTo: '<original@supplier.example.be>',
      date: new Date('2026-11-20T09:15:00Z'),
      reference: 'o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1',
    },
    writeReply({
      language: 'en',
      originalSubject: 'Invoice 2026-0042',
      reference: 'o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1',
      summary: { situation: 'delivered', documents: [{ name: 'invoice.pdf', fate: 'delivered', pages: 1 }] },
    }),
  );
}

/** What the stand-in for the SES v2 API received. */
interface SesRequest {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
}

describe('sending replies through SES', () => {
  let server: Server;
  let client: SESv2Client;
  const requests: SesRequest[] = [];
  let answer: { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

  beforeAll(async () => {
    server = createServer(async (request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new SESv2Client({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    requests.length = 0;
  });

  it('sends the composed MIME as raw content, from the reply address to the sender', async () => {
    answer = { status: 200, body: { MessageId: 'ses-outbound-1' } };
    const reply = await sampleReply();
    await new SesReplySender(client).send(reply);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v2/email/outbound-emails');
    expect(request?.body).toEqual({
      FromEmailAddress: 'noreply@invoices.example.com',
      Destination: { ToAddresses: ['billing@supplier.example.be'] },
      Content: { Raw: { Data: reply.raw.toString('base64') } },
    });
  });

  it('loads SES with the first reply when lazy, then sends each reply through one client with the configuration set', async () => {
    answer = { status: 200, body: { MessageId: 'ses-outbound-2' } };
    const sender = lazySesReplySender(
      {
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 1,
      },
      'replies',
    );
    const reply = await sampleReply();
    await Promise.all([sender.send(reply), sender.send(reply)]);
    sender.destroy();
    expect(requests).toHaveLength(2);
    expect(requests[1]?.body).toEqual({
      FromEmailAddress: 'noreply@invoices.example.com',
      Destination: { ToAddresses: ['billing@supplier.example.be'] },
      Content: { Raw: { Data: reply.raw.toString('base64') } },
      ConfigurationSetName: 'replies',
    });
  });

  it('turns a refusal (the SES sandbox refuses unverified recipients) into a ReplyError', async () => {
    answer = {
      status: 400,
      body: { message: 'Email address is not verified.' },
      headers: { 'x-amzn-errortype': 'MessageRejected' },
    };
    const sending = new SesReplySender(client).send(await sampleReply());
    await expect(sending).rejects.toBeInstanceOf(ReplyError);
    await expect(sending).rejects.toThrow(
      'SES SendEmail from noreply@invoices.example.com to billing@supplier.example.be failed (MessageRejected)',
    );
  });
});

describe('the local catch-all', () => {
  it('writes each reply to an .eml file named after the message it answers, and announces it', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'replies-'));
    try {
      const announced: LocalReply[] = [];
      const reply = await sampleReply();
      await new LocalReplySender(join(directory, 'replies'), (local) => announced.push(local)).send(reply);
      const file = join(directory, 'replies', 'o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1.eml');
      expect(await readFile(file)).toEqual(reply.raw);
      expect(announced).toEqual([
        { to: 'billing@supplier.example.be', subject: 'Received: Invoice 2026-0042', file },
      ]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
