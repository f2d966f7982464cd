import type { BenchResults } from './results';
import { mebibytes } from './stats';
import { ownWorkMs } from './targets';

/** One table of the report: a title line, headers and rows of cells. */
export interface ReportTable {
  readonly title: string;
  readonly headers: string[];
  readonly rows: string[][];
}

/** The tables `npm run bench` prints, in order; the console and the README render the same cells. */
export function reportTables(results: BenchResults): ReportTable[] {
  const { machine, coldStart, throughput } = results;
  const tables = [
    {
      title: 'Per message: (a) mailparser simpleParser on the bytes in memory, (b) full processing; medians',
      headers: [
        'message',
        'size',
        'runs',
        'wall a',
        'wall b',
        'b/a',
        'CPU a',
        'CPU b',
        'b/a',
        'b waits on S3 / Clearfacts',
        'own work b ÷ wall a',
        'RSS↑ a',
        'RSS↑ b',
        'heap a',
        'heap b',
      ],
      rows: results.messages.map((m) => [
        m.name,
        size(m.bytes),
        String(m.runs),
        ms(m.baseline.wallMs),
        ms(m.pipeline.wallMs),
        ratio(m.wallRatio),
        ms(m.baseline.cpuMs),
        ms(m.pipeline.cpuMs),
        ratio(m.cpuRatio),
        `${ms(m.waits.s3GetMs + m.waits.reportPutMs)} / ${ms(m.waits.uploadMs)}`,
        ratio(ownWorkMs(m) / m.baseline.wallMs),
        mb(m.baseline.rssAboveIdleMB),
        mb(m.pipeline.rssAboveIdleMB),
        mb(m.baseline.peakHeapMB),
        mb(m.pipeline.peakHeapMB),
      ]),
    },
  ];
  if (coldStart !== undefined) {
    const { bundle } = coldStart;
    const top = (list: typeof bundle.startByPackage): string =>
      list
        .slice(0, 4)
        .map((entry) => `${entry.name} ${size(entry.bytes)}`)
        .join(', ');
    tables.push({
      title: `Cold start: fresh process, import, first message (typical-300kb); medians of ${coldStart.function.runs}`,
      headers: ['process', 'import', 'import + first message', 'function ÷ this'],
      rows: [
        [
          'function bundle (as the stack runs it)',
          ms(coldStart.function.importMs),
          ms(coldStart.function.totalMs),
          '',
        ],
        [
          'function bundle with --enable-source-maps',
          ms(coldStart.functionWithSourceMapsFlag.importMs),
          ms(coldStart.functionWithSourceMapsFlag.totalMs),
          '',
        ],
        [
          'mailparser only (node_modules)',
          ms(coldStart.mailparser.importMs),
          ms(coldStart.mailparser.totalMs),
          ratio(coldStart.ratio),
        ],
        [
          'mailparser only (bundled like the stack)',
          ms(coldStart.mailparserBundled.importMs),
          ms(coldStart.mailparserBundled.totalMs),
          ratio(coldStart.function.totalMs / coldStart.mailparserBundled.totalMs),
        ],
      ],
    });
    tables.push({
      title:
        'Import floor: mailparser with the S3 and DynamoDB clients every message uses, bundled like the stack, nothing of ours',
      headers: ['process', 'import', 'import ÷ mailparser only', 'function import ÷ this'],
      rows: [
        [
          `floor bundle (${size(coldStart.floorBundleBytes)})`,
          ms(coldStart.floor.importMs),
          ratio(coldStart.floor.importMs / coldStart.mailparser.importMs),
          ratio(coldStart.function.importMs / coldStart.floor.importMs),
        ],
      ],
    });
    tables.push({
      title: "Function bundle (the stack's esbuild settings)",
      headers: ['part', 'size', 'largest'],
      rows: [
        ['index.js', size(bundle.totalBytes), ''],
        ['  loaded at start', size(bundle.startBytes), top(bundle.startByPackage)],
        ['  only through import()', size(bundle.onDemandBytes), top(bundle.onDemandByPackage)],
        ['index.js.map', size(coldStart.sourceMapBytes), ''],
        ['mailparser alone, bundled the same way', size(coldStart.mailparserBundleBytes), ''],
        ...coldStart.runtimeFiles.map((file) => [
          `${file.name} (beside it, read on demand)`,
          size(file.bytes),
          '',
        ]),
      ],
    });
  }
  if (throughput !== undefined) {
    tables.push({
      title: `Burst of ${throughput.messages} messages, Clearfacts answering in ${throughput.clearfactsDelayMs} ms, concurrency ${throughput.concurrency}`,
      headers: ['messages/s', 'ideal', 'Clearfacts busy', 'bottleneck', 'median per message'],
      rows: [
        [
          throughput.messagesPerSecond.toFixed(1),
          throughput.idealPerSecond.toFixed(1),
          `${(throughput.clearfactsBusy * 100).toFixed(0)}%`,
          throughput.bottleneck,
          ms(throughput.medianMessageMs),
        ],
      ],
    });
  }
  const { fiftyDocuments } = results;
  if (fiftyDocuments !== undefined) {
    tables.push({
      title: `One message with ${fiftyDocuments.documents} PDFs (${fiftyDocuments.message}), Clearfacts answering in ${fiftyDocuments.clearfactsDelayMs} ms; median of ${fiftyDocuments.runs}`,
      headers: ['seconds', 'one upload at a time would take'],
      rows: [
        [
          `${fiftyDocuments.seconds.toFixed(2)} s`,
          `over ${((fiftyDocuments.documents * fiftyDocuments.clearfactsDelayMs) / 1000).toFixed(1)} s`,
        ],
      ],
    });
  }
  tables.push({
    title: `AWS cost per 1,000 invoices, USD (${results.cost.region} prices of ${results.cost.pricesChecked}, ${results.cost.memoryMB} MB arm64)`,
    headers: ['message', 'billed ms', 'Lambda', 'S3', 'SQS', 'SNS', 'DynamoDB', 'SES', 'total'],
    rows: results.cost.perMessage.map(({ name, durationMs, perThousand: c }) => [
      name,
      String(Math.ceil(durationMs)),
      usd(c.lambda),
      usd(c.s3Requests + c.s3Storage),
      usd(c.sqs),
      usd(c.sns),
      usd(c.dynamodb),
      usd(c.sesReceiving),
      usd(c.total),
    ]),
  });
  tables.push({
    title: 'Targets',
    headers: ['id', 'target', 'value', 'limit', 'met'],
    rows: results.targets.map((t) => [
      t.id,
      t.name,
      `${t.value.toFixed(2)} ${t.unit}`,
      `${t.comparison} ${t.target.toFixed(2)} ${t.unit}`,
      t.met ? 'yes' : 'NO',
    ]),
  });
  tables.unshift({
    title: `Machine: ${machine.cpus} × ${machine.model}, ${machine.memoryGB} GB, Node ${machine.node}, ${machine.platform}`,
    headers: ['load average at start', 'at end', 'benchmark took'],
    rows: [
      [
        machine.loadAverageAtStart.join(' '),
        machine.loadAverageAtEnd.join(' '),
        `${results.durationSeconds.toFixed(0)} s`,
      ],
    ],
  });
  return tables;
}

function ms(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
}

function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}

function mb(value: number): string {
  return `${value.toFixed(1)} MB`;
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${mebibytes(bytes).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

function usd(value: number): string {
  return value >= 0.1 ? `$${value.toFixed(2)}` : `$${value.toFixed(4)}`;
}
