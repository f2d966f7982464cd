import { parseArgs } from 'node:util';
import { runFuzz } from '../test/support/fuzz-mail';

const USAGE = `Usage: npm run fuzz -- [--count <n>] [--seed <n>] [--minutes <n>]

Feeds mutated copies of test/fixtures/mail/*.eml (truncated, bytes flipped, boundaries duplicated
and deleted, absurd headers and nesting, NUL bytes, nasty filenames) through the whole processing
path with in-memory ports, and prints how many it tried and what it found. The suite runs a short
version of this (test/policy/fuzz.test.ts); this one runs as long as you like. Exits 1 on findings.
  --count    messages to try (default 20000)
  --seed     where the mutations start (default: the current time); a finding replays with its seed
  --minutes  stop after this long whatever the count (default 10)`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string' },
      seed: { type: 'string' },
      minutes: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const count = Number(values.count ?? 20_000);
  const seed = Number(values.seed ?? Date.now() % 2 ** 31);
  const minutes = Number(values.minutes ?? 10);
  if (![count, seed, minutes].every((value) => Number.isFinite(value) && value >= 0)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  process.stdout.write(`Fuzzing with seed ${seed}, up to ${count} messages or ${minutes} min\n`);
  const result = await runFuzz({
    seed,
    count,
    timeLimitMs: minutes * 60_000,
    onProgress: (tried) => {
      if (tried % 1000 === 0) process.stdout.write(`  ${tried} tried\n`);
    },
  });
  const outcomes = Object.entries(result.outcomes)
    .map(([outcome, n]) => `${n} ${outcome}`)
    .join(', ');
  process.stdout.write(
    `Tried ${result.tried} messages in ${(result.elapsedMs / 1000).toFixed(1)} s (seed ${seed}): ${outcomes}\n` +
      `Found ${result.findings.length} problem${result.findings.length === 1 ? '' : 's'}\n`,
  );
  for (const finding of result.findings) {
    process.stdout.write(
      `  #${finding.index} ${finding.fixture} [${finding.mutations.join(', ')}]: ${finding.problem}\n`,
    );
  }
  return result.findings.length === 0 ? 0 : 1;
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  },
);
