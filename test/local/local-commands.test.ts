import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSendCommand } from '../../functions/cli/send-command';
import { runStartCommand } from '../../functions/cli/start-command';
import { findChromium } from '../../functions/render/find-chromium';
import { composeMail } from '../support/compose-mail';
import { pdfText } from '../support/pdf-inspect';

/** How long `npm start` may take on a busy machine to print its banner (it starts S3, the sandbox, finds the browser) or to deliver. */
const BANNER_LIMIT_MS = 60_000;

/** Polls until `check` passes (the start command prints from its own event loop turns). */
async function eventually(check: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `npm start` in `dataDir`, once its banner is printed: its output so far and on, its SMTP port, and how to stop it. */
async function startInbox(dataDir: string): Promise<{
  readonly started: string[];
  readonly port: string;
  readonly stop: () => void;
  readonly running: Promise<number>;
}> {
  const started: string[] = [];
  let stop: () => void = () => undefined;
  const until = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const running = runStartCommand(
    ['--data-dir', dataDir, '--port', '0'],
    {},
    { write: (line) => started.push(line), until },
  );
  // The banner waits for the browser to be found (the first start on a machine unpacks it).
  await eventually(() => started.some((line) => line.includes('SMTP')), 'the banner', BANNER_LIMIT_MS);
  const port = /SMTP +port (\d+)/.exec(started.join('\n'))?.[1] ?? '';
  return { started, port, stop, running };
}

describe('npm start and npm run send', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'local-commands-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('delivers the built-in sample invoice to the sandbox and says so on both sides, then stops', async () => {
    const { started, port, stop, running } = await startInbox(dataDir);

    const sent: string[] = [];
    expect(await runSendCommand(['--port', port], {}, (line) => sent.push(line))).toBe(0);
    expect(sent[0]).toMatch(
      /^sent sample invoice "Invoice LOCAL-\d+" \(invoice-LOCAL-\d+\.pdf\) to purchase-0123456749@invoices\.example\.com: 250 /,
    );

    await eventually(
      () => started.some((line) => /message [a-z0-9]{40}: delivered/.test(line)),
      'the delivery',
      BANNER_LIMIT_MS,
    );
    const output = started.join('\n');
    expect(output).toMatch(/received [a-z0-9]{40}: from billing@supplier\.example\.be/);
    expect(output).toMatch(
      /sandbox stored invoice-LOCAL-\d+\.pdf for 0123456749 \(PURCHASE\) as [0-9a-f-]{36}/,
    );
    expect(output).toMatch(/uploaded invoice-LOCAL-\d+\.pdf to 0123456749\/PURCHASE as [0-9a-f-]{36}/);
    expect(output).toMatch(/report .*reports\/[a-z0-9]{40}\.json\._S3rver_object/);
    expect(
      (await readdir(join(dataDir, 'clearfacts', '0123456749'))).filter((name) => name.endsWith('.pdf')),
    ).toHaveLength(1);

    stop();
    expect(await running).toBe(0);
    expect(started.at(-1)).toBe('Stopped.');
  }, 90_000);

  it('names its browser and prints a receipt that is only HTML to a PDF in the sandbox', async () => {
    const { started, port, stop, running } = await startInbox(dataDir);
    const banner = started.join('\n');
    expect(banner).toContain(`  browser     ${(await findChromium()).description}`);

    const receipt = join(dataDir, 'receipt.eml');
    await writeFile(
      receipt,
      await composeMail({
        subject: 'Uw parkeerticket P-2026-1204',
        html: '<h1>Parking Centrum</h1><p>Factuur P-2026-1204, totaal € 7,50 (btw 21% inbegrepen)</p>',
      }),
    );
    expect(await runSendCommand([receipt, '--port', port], {}, () => undefined)).toBe(0);

    await eventually(
      () => started.some((line) => /message [a-z0-9]{40}: delivered/.test(line)),
      'the delivery',
      60_000,
    );
    const folder = join(dataDir, 'clearfacts', '0123456749');
    const pdfs = (await readdir(folder)).filter((name) => name.endsWith('.pdf'));
    expect(pdfs).toHaveLength(1);
    expect(await pdfText(await readFile(join(folder, pdfs[0] ?? '')))).toContain('totaal € 7,50');

    stop();
    expect(await running).toBe(0);
  }, 90_000);

  it('tells the sender to start the inbox when nothing listens', async () => {
    const sent: string[] = [];
    // Port 9 (discard) is never an SMTP server on a test machine.
    expect(await runSendCommand(['--port', '9'], {}, (line) => sent.push(line))).toBe(1);
    expect(sent.join('\n')).toMatch(/nothing listens on 127\.0\.0\.1:9; start the local inbox first/);
  });
});
