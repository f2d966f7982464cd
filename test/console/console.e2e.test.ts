import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SendMailOptions } from 'nodemailer';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { loadConfigFile } from '../../functions/config/load-config';
import { startConsole } from '../../functions/console/console-command';
import type { RunningConsole } from '../../functions/console/console-server';
import { startLocalStack } from '../../functions/local/local-stack';
import { writeDeadLetter } from '../../functions/local/queue-files';
import { textPdf } from '../../functions/local/text-pdf';
import { launchOptions } from '../support/launch-chromium';
import { queuedMessageId, sendOverSmtp } from '../support/local-stack-mail';
import { type RequestCounter, startRequestCounter } from '../support/request-counter';
import { sesNotification, snsEnvelope } from '../support/ses-events';

/** Where `UPDATE_SCREENSHOTS=1 npm test` leaves the pictures docs/console.md shows. */
const DOCS_IMAGES = resolve(__dirname, '../../docs/images');

const CONFIG = {
  domain: 'invoices.example.com',
  conventionAddresses: true,
  mailboxes: [
    { address: 'acme', companyNumber: '0123456749' },
    { address: 'peeters', companyNumber: '0203201340', allowedSenders: ['boekhouding@peeters.example.be'] },
  ],
};

const DELIVERED_PDF = textPdf(['INVOICE 2026-0042', 'Supplier BV', 'Total 121.00 EUR']);
const HELD_PDF = textPdf(['INVOICE 7781', 'Stranger Trading Ltd', 'Total 990.00 EUR']);
const SPOOF_PDF = textPdf(['NEW BANK ACCOUNT', 'BE00 0000 0000 0000']);

describe('the review console, in a real browser against the local inbox', () => {
  let dataDir: string;
  let configPath: string;
  let beacon: RequestCounter;
  let browser: Browser;
  let running: RunningConsole;
  const ids: Record<'delivered' | 'held' | 'spoof' | 'hostile', string> = {
    delivered: '',
    held: '',
    spoof: '',
    hostile: '',
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'console-'));
    configPath = join(dataDir, 'config.json');
    await writeFile(configPath, JSON.stringify(CONFIG));
    beacon = await startRequestCounter();
    const stack = await startLocalStack({
      config: loadConfigFile(configPath),
      dataDir,
      smtpPort: 0,
      s3Port: 0,
      sandboxPort: 0,
    });
    try {
      const send = async (mail: SendMailOptions): Promise<string> =>
        queuedMessageId(await sendOverSmtp(stack.smtpPort, mail));
      ids.delivered = await send({
        from: 'Supplier BV <billing@supplier.example.be>',
        to: 'acme@invoices.example.com',
        subject: 'Invoice 2026-0042',
        text: 'Please find our invoice attached.',
        attachments: [{ filename: 'invoice-2026-0042.pdf', content: DELIVERED_PDF }],
      });
      ids.held = await send({
        from: 'Stranger <billing@stranger.example>',
        to: 'peeters@invoices.example.com',
        subject: 'Urgent: invoice 7781',
        text: 'Pay today.',
        attachments: [{ filename: 'invoice-7781.pdf', content: HELD_PDF }],
      });
      ids.spoof = await send({
        from: 'Peeters <boekhouding@peeters.example.be.evil.example>',
        to: 'peeters@invoices.example.com',
        subject: 'New bank account',
        text: 'Please pay to our new account.',
        attachments: [{ filename: 'letter.pdf', content: SPOOF_PDF }],
      });
      ids.hostile = await send({
        from: 'Supplier BV <billing@supplier.example.be>',
        to: 'acme@invoices.example.com',
        subject: 'Invoice as a web page',
        text: 'See the attachment.',
        attachments: [
          { filename: 'invoice.html', content: hostileHtml(beacon.host), contentType: 'text/html' },
        ],
      });
      await stack.idle();
    } finally {
      await stack.stop();
    }
    const started = await startConsole(
      ['--local', '--data-dir', dataDir, '--config', configPath, '--no-open', '--by', 'reviewer@office'],
      {},
    );
    if (typeof started === 'number') throw new Error(`console exited with ${started}`);
    running = started;
    browser = await chromium.launch(await launchOptions());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await beacon?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A page that opened the printed address (so it holds the access cookie). */
  async function openConsole(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(running.url);
    return page;
  }

  async function sandboxFiles(companyNumber: string): Promise<{ bytes: Buffer; uuid: string }[]> {
    const directory = join(dataDir, 'clearfacts', companyNumber);
    const names = (await readdir(directory).catch(() => [] as string[])).filter(
      (name) => !name.endsWith('.json'),
    );
    return Promise.all(
      names.map(async (name) => ({
        bytes: await readFile(join(directory, name)),
        uuid: (JSON.parse(await readFile(join(directory, `${name}.json`), 'utf8')) as { uuid: string }).uuid,
      })),
    );
  }

  async function uploadsOf(companyNumber: string, bytes: Buffer): Promise<number> {
    return (await sandboxFiles(companyNumber)).filter((file) => file.bytes.equals(bytes)).length;
  }

  it('lists the delivered invoice and shows its decision, its Clearfacts uuid and the PDF itself', async () => {
    const page = await openConsole();
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    const row = page.locator(`tr[data-message-id="${ids.delivered}"]`);
    await expect(row.textContent()).resolves.toContain('Invoice 2026-0042');
    await expect(row.locator('.outcome').textContent()).resolves.toBe('uploaded');
    await screenshot(page, 'console-messages.png');

    await row.locator('a').click();
    const [stored] = await sandboxFiles('0123456749');
    expect(stored?.bytes.equals(DELIVERED_PDF)).toBe(true);
    await expect(page.locator('code.uuid').first().textContent()).resolves.toBe(stored?.uuid);
    await expect(page.locator('.decision.upload').first().textContent()).resolves.toContain(
      'accepted for upload',
    );

    const preview = page.locator('.pdf-preview');
    await page.waitForSelector('.pdf-preview[data-rendered="1"]', { timeout: 30_000 });
    const picture = PNG.sync.read(await preview.locator('canvas').first().screenshot());
    expect(darkPixelShare(picture)).toBeGreaterThan(0.001);

    const src = await preview.getAttribute('data-src');
    const served = await page.request.get(new URL(src ?? '', page.url()).toString());
    expect(served.headers()['content-security-policy']).toContain('sandbox');
    expect(Buffer.from(await served.body()).equals(stored?.bytes ?? Buffer.alloc(0))).toBe(true);
    await page.close();
  }, 60_000);

  it('releases a quarantined message from the page once, and refuses a second release', async () => {
    expect(await uploadsOf('0203201340', HELD_PDF)).toBe(0);
    const page = await openConsole();
    await page.goto(new URL('/quarantine', running.url).toString());
    const row = page.locator(`tr[data-message-id="${ids.held}"]`);
    await expect(row.textContent()).resolves.toContain('invoice-7781.pdf');
    await screenshot(page, 'console-quarantine.png');

    await row.locator('a').click();
    await page.waitForSelector('.pdf-preview[data-rendered="1"]', { timeout: 30_000 });
    await screenshot(page, 'console-review.png');
    await page.locator('a.button', { hasText: 'Release' }).click();
    await expect(page.locator('.question').textContent()).resolves.toContain('invoice-7781.pdf');
    await page.locator('form.confirm button').click();
    await expect(page.locator('p.notice').textContent()).resolves.toBe('Released: delivered');
    await expect(page.locator('.outcome').first().textContent()).resolves.toBe('delivered');
    expect(await uploadsOf('0203201340', HELD_PDF)).toBe(1);

    // The confirmation page of a release, submitted again (a second tab, a back button): refused.
    await page.goto(new URL(`/messages/${ids.held}/release`, running.url).toString());
    const answer = page.waitForResponse((response) => response.request().method() === 'POST');
    await page.locator('form.confirm button').click();
    expect((await answer).status()).toBe(409);
    await expect(page.locator('p.problem[role="alert"]').textContent()).resolves.toContain(
      'already released',
    );
    expect(await uploadsOf('0203201340', HELD_PDF)).toBe(1);
    await page.close();
  }, 60_000);

  it('discards a quarantined message: nothing uploaded, the raw mail kept, no longer waiting', async () => {
    const page = await openConsole();
    await page.goto(new URL(`/messages/${ids.spoof}`, running.url).toString());
    await page.locator('a.button', { hasText: 'Discard' }).click();
    await page.locator('form.confirm button').click();
    await expect(page.locator('p.notice').textContent()).resolves.toBe(
      'Discarded: kept in the bucket, nothing uploaded',
    );
    await expect(page.locator('.outcome.discarded').textContent()).resolves.toBe('discarded');
    await expect(page.locator('a.button', { hasText: 'Release' }).count()).resolves.toBe(0);

    const report = await page.request.get(
      new URL(`/messages/${ids.spoof}/report.json`, running.url).toString(),
    );
    expect(await report.json()).toMatchObject({
      outcome: 'quarantined',
      discarded: { by: 'reviewer@office' },
    });
    const raw = await page.request.get(new URL(`/messages/${ids.spoof}/raw.eml`, running.url).toString());
    expect(raw.status()).toBe(200);
    expect((await raw.text()).includes('New bank account')).toBe(true);
    await page.goto(new URL('/quarantine', running.url).toString());
    await expect(page.locator(`tr[data-message-id="${ids.spoof}"]`).count()).resolves.toBe(0);
    expect(await uploadsOf('0203201340', SPOOF_PDF)).toBe(0);
    await page.close();
  }, 60_000);

  it('replays a dead letter from the page: the message is processed again, nothing is sent twice', async () => {
    await writeDeadLetter(
      join(dataDir, 'dead-letter'),
      {
        messageId: 'queue-message-1',
        body: snsEnvelope(
          sesNotification({ messageId: ids.delivered, recipients: ['acme@invoices.example.com'] }),
        ),
        receiveCount: 12,
      },
      'StorageError: the bucket could not be reached',
    );
    const page = await openConsole();
    await page.goto(new URL('/dead-letters', running.url).toString());
    const row = page.locator('tr[data-queue-message-id="queue-message-1"]');
    await expect(row.textContent()).resolves.toContain('the bucket could not be reached');
    await row.locator('a.button').click();
    await page.locator('form.confirm button').click();
    await expect(page.locator('p.notice').textContent()).resolves.toBe(
      'Replayed: delivered; the dead letter was removed',
    );
    await expect(readdir(join(dataDir, 'dead-letter'))).resolves.toEqual([]);
    expect(await uploadsOf('0123456749', DELIVERED_PDF)).toBe(1);
    await page.close();
  }, 60_000);

  it('refuses a request without the token, with a foreign Host, or a POST without the CSRF token', async () => {
    const url = new URL(running.url);
    const cookie = await accessCookie();
    const path = `/messages/${ids.delivered}`;
    // Positive control: with the cookie and the right Host the same request is answered.
    expect((await raw('GET', path, { Host: url.host, Cookie: cookie })).status).toBe(200);
    expect((await raw('GET', path, { Host: url.host })).status).toBe(403);
    expect((await raw('GET', path, { Host: `attacker.example:${url.port}`, Cookie: cookie })).status).toBe(
      400,
    );

    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const refused = await raw(
      'POST',
      `${path}/replay`,
      { Host: url.host, Cookie: cookie, ...form },
      'csrf=guess',
    );
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("this console run's token");
    const csrf = /name="csrf" value="([^"]+)"/.exec(
      (await raw('GET', `${path}/replay`, { Host: url.host, Cookie: cookie })).body,
    )?.[1];
    const accepted = await raw(
      'POST',
      `${path}/replay`,
      { Host: url.host, Cookie: cookie, ...form },
      `csrf=${csrf}`,
    );
    expect(accepted.status).toBe(303);
    expect(accepted.location).toContain('Replayed');
    const fromElsewhere = await raw(
      'POST',
      `${path}/replay`,
      { Host: url.host, Cookie: cookie, Origin: 'http://attacker.example', ...form },
      `csrf=${csrf}`,
    );
    expect(fromElsewhere.status).toBe(403);
  }, 30_000);

  it('shows a hostile HTML attachment as text: its script never runs', async () => {
    const page = await openConsole();
    await page.goto(new URL(`/messages/${ids.hostile}`, running.url).toString());
    await expect(page.locator('pre.source').first().textContent()).resolves.toContain('<script>');
    const sha = await page.locator('section.document').first().getAttribute('data-sha256');
    await page.goto(new URL(`/messages/${ids.hostile}/documents/${sha}`, running.url).toString());
    await page.waitForTimeout(500);
    expect(beacon.requests).toEqual([]);
    expect(await page.title()).not.toBe('scripted');

    // Positive control: the same HTML in an ordinary page runs its script and reaches the beacon.
    const plain = await browser.newPage();
    await plain.setContent(hostileHtml(beacon.host));
    await plain.waitForFunction("document.title === 'scripted'");
    for (let wait = 0; wait < 100 && beacon.requests.length === 0; wait++) await plain.waitForTimeout(50);
    expect(beacon.requests).toContain('/script-ran');
    await plain.close();
    await page.close();
  }, 30_000);

  async function accessCookie(): Promise<string> {
    const answer = await raw('GET', `/?token=${new URL(running.url).searchParams.get('token')}`, {
      Host: new URL(running.url).host,
    });
    return (answer.setCookie ?? '').split(';')[0] ?? '';
  }

  function raw(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<{ status: number; body: string; location?: string; setCookie?: string }> {
    return new Promise((resolvePromise, reject) => {
      const request = httpRequest(
        { host: '127.0.0.1', port: running.port, method, path, headers, setHost: false },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolvePromise({
              status: response.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              ...(response.headers.location === undefined ? {} : { location: response.headers.location }),
              ...(response.headers['set-cookie'] === undefined
                ? {}
                : { setCookie: response.headers['set-cookie'][0] }),
            }),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
});

/** An attachment that would phone home and retitle the page if any script of it ran. */
function hostileHtml(beaconHost: string): string {
  return `<!doctype html><html><head><title>Invoice</title></head><body>
<h1>Invoice 13</h1>
<script>document.title = 'scripted'; fetch('http://${beaconHost}/script-ran', { mode: 'no-cors' });</script>
<img src="x" onerror="fetch('http://${beaconHost}/handler-ran', { mode: 'no-cors' })">
</body></html>`;
}

/** The share of pixels darker than paper: text drawn on a page, not a blank canvas. */
function darkPixelShare(picture: PNG): number {
  let dark = 0;
  for (let index = 0; index < picture.data.length; index += 4) {
    const luminance =
      (picture.data[index] ?? 255) + (picture.data[index + 1] ?? 255) + (picture.data[index + 2] ?? 255);
    if (luminance < 3 * 128) dark += 1;
  }
  return dark / (picture.width * picture.height);
}

/** Keeps a screenshot of the run; with UPDATE_SCREENSHOTS=1 it also replaces the one in docs/images. */
async function screenshot(page: Page, name: string): Promise<void> {
  const file = join(tmpdir(), name);
  await page.screenshot({ path: file, fullPage: true });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    await mkdir(DOCS_IMAGES, { recursive: true });
    await copyFile(file, join(DOCS_IMAGES, name));
  }
}
