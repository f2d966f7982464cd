import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

/**
 * How often the heap is sampled while the work runs: peaks between samples can be missed, and
 * each sample costs tens of microseconds on a large heap, so not more often.
 */
const SAMPLE_INTERVAL_MS = 10;

/** What one run of one side measured, in a fresh process. */
export interface RunFigures {
  readonly wallMs: number;
  /** User plus system CPU time of the whole process (the parser's and the GC's threads too). */
  readonly cpuMs: number;
  /** Resident memory once warmed up and collected, before the measured message. */
  readonly idleRssBytes: number;
  /** The highest resident memory since the idle point (the kernel's VmHWM, reset there; else sampled). */
  readonly peakRssBytes: number;
  /** The highest V8 heap in use, sampled. */
  readonly peakHeapBytes: number;
  /** The highest memory held outside the heap (Buffers), sampled. */
  readonly peakExternalBytes: number;
}

/**
 * Runs `prepare` (not timed, but its memory counts) and then `work`, and measures wall time, CPU
 * time and memory against the idle process. The probes start with `--expose-gc`, so "idle" is
 * measured after a full collection.
 */
export async function measureWork<T>(
  prepare: () => Promise<T>,
  work: (prepared: T) => Promise<void>,
): Promise<RunFigures> {
  (globalThis as { gc?: () => void }).gc?.();
  const idleRssBytes = process.memoryUsage.rss();
  const kernelPeak = resetPeakRss();
  let sampledRssBytes = 0;
  let peakHeapBytes = 0;
  let peakExternalBytes = 0;
  const sample = (): void => {
    const heap = getHeapStatistics();
    peakHeapBytes = Math.max(peakHeapBytes, heap.used_heap_size);
    peakExternalBytes = Math.max(peakExternalBytes, heap.external_memory);
    if (!kernelPeak) sampledRssBytes = Math.max(sampledRssBytes, process.memoryUsage.rss());
  };
  sample();
  const sampler = setInterval(sample, SAMPLE_INTERVAL_MS);
  try {
    const prepared = await prepare();
    const cpu = process.cpuUsage();
    const start = performance.now();
    await work(prepared);
    const wallMs = performance.now() - start;
    const { user, system } = process.cpuUsage(cpu);
    sample();
    return {
      wallMs,
      cpuMs: (user + system) / 1000,
      idleRssBytes,
      peakRssBytes: (kernelPeak ? peakRssSinceReset() : undefined) ?? sampledRssBytes,
      peakHeapBytes,
      peakExternalBytes,
    };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * Linux resets a process's peak resident memory (VmHWM) when it writes 5 to its `clear_refs`, so
 * the peak covers the measured message only, not start-up or the warm-up. False where that fails.
 */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** VmHWM from /proc/self/status, in bytes. */
function peakRssSinceReset(): number | undefined {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
}

/** Hands a probe's answer to the parent through a file (stdout belongs to the code under test). */
export function writeAnswer(path: string, answer: unknown): void {
  writeFileSync(path, JSON.stringify(answer));
}

/** The probe's input, passed as JSON in the first argument. */
export function probeInput<T>(): T {
  const json = process.argv[2];
  if (json === undefined) throw new Error('A probe takes its input as JSON in its first argument');
  return JSON.parse(json) as T;
}

/** Runs a probe's main function and exits with 1 on failure, so the parent sees it. */
export function runProbe(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
