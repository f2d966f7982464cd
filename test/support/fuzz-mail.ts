import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_FILENAME_BYTES } from '../../functions/mail/safe-filename';
import { describeError } from '../../functions/shared/errors';
import { mutate, seededRandom } from './mail-mutator';
import { MemoryPipeline, PASSING } from './memory-pipeline';

/** The project's real messages, the seeds every mutation starts from. */
export function fixtureMessages(directory = join(__dirname, '../fixtures/mail')): Map<string, Buffer> {
  const names = readdirSync(directory).filter((name) => name.endsWith('.eml'));
  return new Map(names.sort().map((name) => [name, readFileSync(join(directory, name))]));
}

/** What a fuzz run found wrong with one message. */
export interface FuzzFinding {
  /** Replays it: the same seed and index give the same message. */
  readonly index: number;
  readonly fixture: string;
  readonly mutations: readonly string[];
  readonly problem: string;
}

/** A fuzz run's figures. */
export interface FuzzResult {
  readonly seed: number;
  readonly tried: number;
  readonly elapsedMs: number;
  /** How many messages ended in each report outcome. */
  readonly outcomes: Readonly<Record<string, number>>;
  readonly findings: readonly FuzzFinding[];
}

/** How long and how far a run goes; it stops at whichever bound comes first. */
export interface FuzzOptions {
  readonly seed: number;
  readonly count: number;
  readonly timeLimitMs: number;
  /** A single message slower than this is a finding: hostile input must not stall the function. */
  readonly slowMs?: number;
  readonly onProgress?: (tried: number) => void;
}

/** Characters no name we send or report may hold: path separators, controls, bidi and invisible marks. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNSAFE_NAME = /[/\\\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b\ufeff]/;

/**
 * Runs mutated fixtures through the whole processing path (parse, policy, extraction, ledger,
 * upload, report) with in-memory ports. Every message must come back with a report, nothing may
 * throw (in-memory ports have no retryable failures), and every uploaded name must be safe.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const fixtures = [...fixtureMessages()];
  const random = seededRandom(options.seed);
  const outcomes: Record<string, number> = {};
  const findings: FuzzFinding[] = [];
  const started = Date.now();
  let tried = 0;
  while (tried < options.count && Date.now() - started < options.timeLimitMs) {
    const index = tried;
    const [fixture, original] = fixtures[Math.floor(random() * fixtures.length)] as [string, Buffer];
    const { raw, mutations } = mutate(original, random);
    // Mostly clean verdicts, so the mutated parts reach extraction; sometimes not.
    const verdicts = random() < 0.9 ? PASSING : { ...PASSING, spam: 'FAIL', dmarc: 'GRAY' };
    const finding = (problem: string) => findings.push({ index, fixture, mutations, problem });
    const pipeline = new MemoryPipeline();
    const began = Date.now();
    try {
      const report = await pipeline.process(raw, { messageId: `fuzz-${options.seed}-${index}`, verdicts });
      outcomes[report.outcome] = (outcomes[report.outcome] ?? 0) + 1;
      if (report.outcome === 'retrying') finding(`asked for a retry: ${report.error ?? 'no reason given'}`);
      for (const upload of pipeline.uploads) {
        if (UNSAFE_NAME.test(upload.filename) || Buffer.byteLength(upload.filename) > MAX_FILENAME_BYTES) {
          finding(`uploaded an unsafe name: ${JSON.stringify(upload.filename.slice(0, 80))}`);
        }
      }
    } catch (error) {
      finding(`threw ${describeError(error)}`);
    }
    const took = Date.now() - began;
    if (took > (options.slowMs ?? 10_000)) finding(`took ${took} ms`);
    tried += 1;
    options.onProgress?.(tried);
  }
  return { seed: options.seed, tried, elapsedMs: Date.now() - started, outcomes, findings };
}
