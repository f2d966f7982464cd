import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { PARALLEL_UPLOADS } from '../../functions/ingest/deliver-documents';
import { startLocalS3 } from '../../functions/local/local-s3';
import { INGEST_MEMORY_MB, runtimeFiles } from '../../infra/constructs/ingest-function';
import { startBenchClearfacts } from './bench-clearfacts';
import { BENCH_BUCKET } from './bench-config';
import { measureColdStarts } from './cold-start';
import { buildCorpus, burstMessage } from './corpus';
import { costPerThousand, PRICES, PRICES_CHECKED } from './cost';
import { measureFiftyDocuments } from './fifty-documents';
import { describeMachine, roundedLoad } from './machine';
import { measureMessages } from './measure';
import { consoleReport, markdownReport, spliceResults } from './report';
import type { BenchResults } from './results';
import { bundleLikeTheStack, PROJECT_ROOT } from './stack-bundling';
import { storeMessages } from './store-messages';
import { checkTargets } from './targets';
import { measureThroughput } from './throughput';

const USAGE = `Usage: npm run bench -- [--out <file.json>] [--markdown <file.md>] [--quick]

Measures the pipeline against plain mailparser on a generated corpus (20 KB to 39 MB), its cold
start, a burst of 500 messages against a slow Clearfacts, and the AWS cost per 1,000 invoices;
prints the tables and each target beside its figure. Everything runs on 127.0.0.1.
  --out       where the figures go as JSON (default bench-results.json)
  --markdown  also write the tables as Markdown into this page, between its bench-results
              comment lines (added at its end if missing): docs/performance.md
  --quick     fewer runs and a smaller burst, to try the script out (figures are rougher)`;

/**
 * Runs per message and cold starts: enough for a stable median within 10 minutes on 2 cores.
 * Each probe first handles a small message `warmups` times, as a Lambda container in a burst has:
 * after four the JIT is still compiling and a 20 KB message takes four times its steady time.
 */
const FULL = { smallRuns: 7, bigRuns: 5, coldStarts: 10, burst: 500, warmups: 20, fiftyRuns: 3 };
const QUICK = { smallRuns: 2, bigRuns: 1, coldStarts: 3, burst: 100, warmups: 5, fiftyRuns: 1 };
/** Messages at least this large get `bigRuns`: each run of them takes seconds. */
const BIG_MESSAGE_BYTES = 10 * 1024 * 1024;
/** How long the slow Clearfacts of the burst and the fifty-document message takes to answer. */
const SLOW_CLEARFACTS_MS = 300;
/** The corpus message with 50 documents. */
const FIFTY_DOCUMENTS_MESSAGE = 'fifty-attachments';
/**
 * Warm-ups before the fifty-document message: each waits 300 ms on Clearfacts, and a few suffice
 * for a measure in seconds.
 */
const FIFTY_DOCUMENTS_WARMUPS = 5;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'bench-results.json' },
      markdown: { type: 'string' },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const plan = values.quick ? QUICK : FULL;
  const started = performance.now();
  const machine = describeMachine();
  const say = (line: string): void => {
    process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);
  };
  const directory = await mkdtemp(join(tmpdir(), 'clearfacts-bench-'));
  const s3 = await startLocalS3({ directory: join(directory, 's3'), buckets: [BENCH_BUCKET] });
  const clearfacts = await startBenchClearfacts(0);
  try {
    say(`load average ${machine.loadAverageAtStart.join(' ')}; bundling the probes like the stack`);
    const probes = join(directory, 'probes');
    await mkdir(probes);
    // What the stack copies beside the bundle (pdf.js, the converters' WebAssembly): the bundles
    // load them from there, as in Lambda; without them a PDF's text cannot be read.
    for (const file of runtimeFiles(PROJECT_ROOT)) await copyFile(file, join(probes, basename(file)));
    const probe = async (name: string): Promise<string> =>
      (await bundleLikeTheStack({ file: `scripts/bench/${name}.ts` }, join(probes, `${name}.js`))).file;
    const scripts = {
      baseline: await probe('probe-baseline'),
      pipeline: await probe('probe-pipeline'),
      cold: await probe('probe-cold'),
      burst: await probe('probe-burst'),
    };

    say('generating the corpus and storing it in the local S3');
    const corpus = await buildCorpus();
    const [warmup] = await storeMessages(
      [{ name: 'warmup', description: 'warm-up', raw: await burstMessage(0), documents: 1 }],
      s3.client,
      directory,
    );
    const stored = await storeMessages(corpus, s3.client, directory);
    if (warmup === undefined) throw new Error('The warm-up message was not stored');

    const messages = await measureMessages(stored, {
      probes: scripts,
      warmup,
      warmups: plan.warmups,
      s3Endpoint: s3.endpoint,
      clearfactsUrl: clearfacts.url,
      directory,
      runs: (message) => (message.bytes >= BIG_MESSAGE_BYTES ? plan.bigRuns : plan.smallRuns),
      onRun: (message, run) => say(`${message.name}: run ${run}, baseline and full processing`),
    });

    const fifty = stored.find((message) => message.name === FIFTY_DOCUMENTS_MESSAGE);
    if (fifty === undefined) throw new Error(`The corpus has no ${FIFTY_DOCUMENTS_MESSAGE}`);
    const fiftyDocuments = await measureFiftyDocuments({
      probe: scripts.pipeline,
      message: fifty,
      warmup,
      warmups: Math.min(plan.warmups, FIFTY_DOCUMENTS_WARMUPS),
      s3Endpoint: s3.endpoint,
      directory,
      clearfactsDelayMs: SLOW_CLEARFACTS_MS,
      runs: plan.fiftyRuns,
      onRun: (run) => say(`${fifty.name} with a ${SLOW_CLEARFACTS_MS} ms Clearfacts: run ${run}`),
    });

    const typical = stored.find((message) => message.name === 'typical-300kb') ?? warmup;
    const coldStart = await measureColdStarts({
      directory,
      probe: scripts.cold,
      s3Endpoint: s3.endpoint,
      clearfactsUrl: clearfacts.url,
      message: typical,
      runs: plan.coldStarts,
      onRun: (run) => say(`cold start ${run} of ${plan.coldStarts}`),
    });

    say(`burst of ${plan.burst} messages, Clearfacts answering in ${SLOW_CLEARFACTS_MS} ms`);
    const throughput = await measureThroughput({
      s3: s3.client,
      s3Endpoint: s3.endpoint,
      probe: scripts.burst,
      directory,
      messages: plan.burst,
      clearfactsDelayMs: SLOW_CLEARFACTS_MS,
    });

    machine.loadAverageAtEnd = roundedLoad();
    const results: BenchResults = {
      generatedAt: new Date().toISOString(),
      durationSeconds: (performance.now() - started) / 1000,
      machine,
      messages,
      coldStart,
      throughput,
      fiftyDocuments,
      cost: {
        pricesChecked: PRICES_CHECKED,
        region: PRICES.region,
        memoryMB: INGEST_MEMORY_MB,
        perMessage: messages.map((message) => {
          // Lambda bills the wait for Clearfacts too: the burst's answer time, once per round of
          // PARALLEL_UPLOADS documents (a message's uploads run that many at a time).
          const rounds = Math.ceil(message.documents / PARALLEL_UPLOADS);
          const durationMs = message.pipeline.wallMs + rounds * SLOW_CLEARFACTS_MS;
          return {
            name: message.name,
            durationMs,
            perThousand: costPerThousand({ bytes: message.bytes, durationMs, ledger: message.ledger }),
          };
        }),
      },
      targets: checkTargets({ messages, coldStart, throughput, fiftyDocuments }),
    };
    process.stdout.write(`\n${consoleReport(results)}\n`);
    await writeFile(values.out, `${JSON.stringify(results, null, 2)}\n`);
    if (values.markdown !== undefined) {
      const page = await readFile(values.markdown, 'utf8').catch(() => '');
      await writeFile(values.markdown, spliceResults(page, markdownReport(results)));
    }
    say(`figures written to ${values.out}`);
    return 0;
  } finally {
    await clearfacts.close();
    await s3.close();
    s3.client.destroy();
    await rm(directory, { recursive: true, force: true });
  }
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
