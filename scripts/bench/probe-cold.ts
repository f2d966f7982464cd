import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { simpleParser } from 'mailparser';
import { probeInput, runProbe, writeAnswer } from './probe-harness';

/** What the parent asks of one cold start. */
export type ColdProbeRequest =
  | {
      /** The function's bundle: require it and hand its handler one SQS event. */
      readonly kind: 'function';
      readonly module: string;
      readonly event: SQSEvent;
    }
  | {
      /** mailparser alone: require it and parse one message from disk. */
      readonly kind: 'mailparser';
      readonly module: string;
      readonly message: string;
    };

/** The request and the file the answer goes to. */
export type ColdProbeInput = ColdProbeRequest & { readonly answer: string };

/** What a cold start measured; every time counts from the process's own start. */
export interface ColdFigures {
  /** Until the probe's own code ran: Node's start-up, the same for both sides. */
  readonly bootMs: number;
  /** Until the module was loaded (the Lambda "init" phase). */
  readonly importedMs: number;
  /** Until the first message was handled (init plus the first invocation). */
  readonly doneMs: number;
}

/** The parts of the Lambda context middy and Powertools read. */
const CONTEXT = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'bench-ingest',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:bench-ingest',
  memoryLimitInMB: '2048',
  awsRequestId: '00000000-0000-4000-8000-00000000c01d',
  logGroupName: '/aws/lambda/bench-ingest',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 300_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} satisfies Context;

/** A fresh process: load the module, handle one message, say how long each step took since start. */
runProbe(async () => {
  const bootMs = performance.now();
  const input = probeInput<ColdProbeInput>();
  const load = createRequire(input.module);
  if (input.kind === 'function') {
    const { handler } = load(input.module) as {
      handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
    };
    const importedMs = performance.now();
    const response = await handler(input.event, CONTEXT);
    const doneMs = performance.now();
    if (response.batchItemFailures.length > 0)
      throw new Error(`The handler failed: ${JSON.stringify(response)}`);
    writeAnswer(input.answer, { figures: { bootMs, importedMs, doneMs } satisfies ColdFigures });
  } else {
    const mailparser = load(input.module) as { simpleParser: typeof simpleParser };
    const importedMs = performance.now();
    await mailparser.simpleParser(readFileSync(input.message));
    const doneMs = performance.now();
    writeAnswer(input.answer, { figures: { bootMs, importedMs, doneMs } satisfies ColdFigures });
  }
});
