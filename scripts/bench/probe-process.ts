import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** How to start one probe. */
export interface ProbeLaunch {
  /** The bundled probe script. */
  readonly script: string;
  /** Its input; `answer` (the file it writes its figures to) is added here. */
  readonly input: Record<string, unknown>;
  /** Where the answer file goes. */
  readonly directory: string;
  /** The child's whole environment (nothing is inherited, so no AWS profile or NODE_OPTIONS leaks in). */
  readonly env?: NodeJS.ProcessEnv;
  /** Extra Node options, before the script (`--cpu-prof` to profile a run). */
  readonly nodeArgs?: readonly string[];
}

let launched = 0;

/**
 * Runs a probe in a fresh Node process (so its memory figures are its own) and returns its answer.
 * `--expose-gc` lets the probe collect before it measures the idle process.
 */
export async function runProbeProcess<T>(launch: ProbeLaunch): Promise<T> {
  launched += 1;
  const answer = join(launch.directory, `answer-${process.pid}-${launched}.json`);
  const input = JSON.stringify({ ...launch.input, answer });
  const child = spawn(process.execPath, ['--expose-gc', ...(launch.nodeArgs ?? []), launch.script, input], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: launch.env ?? { PATH: process.env.PATH ?? '' },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-4000);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`The probe ${launch.script} exited with ${code}:\n${stderr}`);
  try {
    return JSON.parse(await readFile(answer, 'utf8')) as T;
  } finally {
    await rm(answer, { force: true });
  }
}
