import { readFile } from 'node:fs/promises';
import { simpleParser } from 'mailparser';
import { measureWork, probeInput, runProbe, writeAnswer } from './probe-harness';

/** What the parent asks of one baseline run. */
export interface BaselineProbeInput {
  /** The message to measure, as an .eml file. */
  readonly message: string;
  /** A small message parsed a few times first, so both sides are measured warm. */
  readonly warmup: string;
  readonly warmups: number;
  readonly answer: string;
}

/** The baseline: plain mailparser `simpleParser` on the message's bytes, already in memory. */
runProbe(async () => {
  const input = probeInput<BaselineProbeInput>();
  const warmup = await readFile(input.warmup);
  for (let run = 0; run < input.warmups; run += 1) await simpleParser(warmup);
  const figures = await measureWork(
    () => readFile(input.message),
    async (raw) => {
      await simpleParser(raw);
    },
  );
  writeAnswer(input.answer, { figures });
});
