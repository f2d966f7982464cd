import { randomUUID } from 'node:crypto';
import type { Config } from '../config/config-schema';
import { buildBatchDeps } from '../ingest/build-batch-deps';
import { administrationsOf, startClearfactsSandbox } from '../local/clearfacts/clearfacts-sandbox';
import { type ClearfactsEndpoint, localAdapters } from '../local/local-adapters';
import { localPaths } from '../local/local-paths';
import { startLocalS3 } from '../local/local-s3';
import type { LocalEnvironment } from '../local/local-settings';
import { LOCAL_BUCKET } from '../local/local-stack';
import { INBOUND_PREFIX } from '../local/ses-receipt-action';
import { ChromiumPdfRenderer } from '../render/chromium-renderer';
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
    let clearfacts: ClearfactsEndpoint;
    if (realToken === undefined) {
      const token = `local-sandbox-${randomUUID()}`;
      const sandbox = await startClearfactsSandbox({
        directory: paths.clearfacts,
        token,
        administrations: administrationsOf(options.config),
      });
      closers.push(() => sandbox.close());
      clearfacts = { apiUrl: sandbox.url, token };
    } else {
      clearfacts = {
        apiUrl: options.env.CLEARFACTS_API_URL ?? options.config.clearfacts.apiUrl,
        token: realToken,
      };
    }
    // The browser `npm start` uses (render/find-chromium.ts): a body-only message is rendered.
    const renderer = new ChromiumPdfRenderer();
    closers.push(() => renderer.close());
    const endpoint = clearfacts;
    return {
      deps: buildBatchDeps({
        ...localAdapters({ s3: s3.client, paths, renderer }),
        config: options.config,
        log: stderrLog(),
        clearfacts: { apiUrl: endpoint.apiUrl, token: () => endpoint.token },
      }),
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
