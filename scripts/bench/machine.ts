import { cpus, loadavg, release, totalmem } from 'node:os';

/** The machine a benchmark ran on, and how busy it was. */
export interface Machine {
  readonly cpus: number;
  readonly model: string;
  readonly memoryGB: number;
  readonly node: string;
  readonly platform: string;
  /** 1, 5 and 15 minute load averages when the benchmark started and when it ended. */
  readonly loadAverageAtStart: readonly number[];
  loadAverageAtEnd: readonly number[];
}

/** Describes this machine now. */
export function describeMachine(): Machine {
  const processors = cpus();
  return {
    cpus: processors.length,
    model: processors[0]?.model.trim() ?? 'unknown',
    memoryGB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${release()} ${process.arch}`,
    loadAverageAtStart: roundedLoad(),
    loadAverageAtEnd: [],
  };
}

/** The load averages, to two decimals. */
export function roundedLoad(): number[] {
  return loadavg().map((load) => Math.round(load * 100) / 100);
}
