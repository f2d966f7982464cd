import { randomUUID } from 'node:crypto';
import { ClearfactsClient } from '../clearfacts/clearfacts-client';
import type { Config } from '../config/config-schema';
import { createFileLedger } from '../ledger/file-ledger';
import { startClearfactsSandbox } from '../local/clearfacts-sandbox';
import { localPaths } from '../local/local-paths';
import { startLocalS3 } from '../local/local-s3';
import type { LocalEnvironment } from '../local/local-settings';
import { LOCAL_BUCKET } from '../local/local-stack';
import { INBOUND_PREFIX } from '../local/ses-receipt-action';
import { S3ReportStore } from '../reports/s3-report-store';
import { MailboxRouter } from '../routing/route-recipients';
import { S3MessageStore } from '../storage/s3-message-store';
import { type ReplayTarget, stderrLog } from './replay-target';

/**
 * Replays in the local inbox's data directory: its S3 files, its ledger file and its Clearfacts
 * sandbox folder (or the real Clearfacts with CLEARFACTS_TOKEN, as `npm start` does). It starts
 * its own servers on free ports, so it works whether or not `npm start` is running.
 */
export async function openLocalTarget(options: {
  readonly config: Config;
  readonly dataDir: string;
  readonly env: LocalEnvironment;
}): Promise<ReplayTarget> {
  const paths = localPaths(options.dataDir);
  const closers: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  try {
    const s3 = await startLocalS3({ directory: paths.s3, buckets: [LOCAL_BUCKET] });
    closers.push(async () => {
      await s3.close();
      s3.client.destroy();
    });
    const realToken = options.env.CLEARFACTS_TOKEN;
    let clearfacts: { apiUrl: string; token: string };
    if (realToken === undefined) {
      const token = `local-sandbox-${randomUUID()}`;
      const sandbox = await startClearfactsSandbox({ directory: paths.clearfacts, token });
      closers.push(() => sandbox.close());
      clearfacts = { apiUrl: sandbox.url, token };
    } else {
      clearfacts = {
        apiUrl: options.env.CLEARFACTS_API_URL ?? options.config.clearfacts.apiUrl,
        token: realToken,
      };
    }
    return {
      deps: {
        router: new MailboxRouter(options.config),
        messages: new S3MessageStore(s3.client),
        reports: new S3ReportStore(s3.client),
        ledger: createFileLedger(paths.ledger),
        log: stderrLog(),
        now: () => new Date(),
        uploader: new ClearfactsClient({ apiUrl: clearfacts.apiUrl, token: () => clearfacts.token }),
      },
      bucket: LOCAL_BUCKET,
      rawMailPrefix: INBOUND_PREFIX,
      description: `the local inbox in ${options.dataDir}`,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
