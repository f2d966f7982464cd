import type { ColdStartFigures } from './cold-start';
import type { MessageFigures } from './measure';
import { mebibytes } from './stats';
import type { ThroughputFigures } from './throughput';

/** One of the targets beside the measured figure. */
export interface Target {
  readonly name: string;
  readonly value: number;
  readonly target: number;
  readonly unit: string;
  /** Whether the value must stay at or below the target, or reach it. */
  readonly comparison: '<=' | '>=';
  readonly met: boolean;
}

/** The limits the issue sets. */
const WALL_RATIO_LIMIT = 1.3;
const RSS_PER_MESSAGE_BYTE = 3;
const BUNDLE_LIMIT_MB = 2;
const COLD_RATIO_LIMIT = 1.5;
const THROUGHPUT_SHARE = 0.9;

/** Which corpus messages the speed and memory targets name. */
const SPEED_MESSAGES = ['typical-300kb', 'scan-5mb'];
const MEMORY_MESSAGE = 'ses-max-39mb';

/** Checks every target of the issue against the figures (a target whose message was not measured is left out). */
export function checkTargets(figures: {
  readonly messages: readonly MessageFigures[];
  readonly coldStart?: ColdStartFigures;
  readonly throughput?: ThroughputFigures;
}): Target[] {
  const targets: Target[] = [];
  const at = (
    name: string,
    value: number,
    target: number,
    unit: string,
    comparison: Target['comparison'],
  ): void => {
    targets.push({
      name,
      value,
      target,
      unit,
      comparison,
      met: comparison === '<=' ? value <= target : value >= target,
    });
  };
  for (const name of SPEED_MESSAGES) {
    const message = figures.messages.find((candidate) => candidate.name === name);
    if (message !== undefined)
      at(`Wall time ÷ baseline, ${name}`, message.wallRatio, WALL_RATIO_LIMIT, '×', '<=');
  }
  const big = figures.messages.find((candidate) => candidate.name === MEMORY_MESSAGE);
  if (big !== undefined) {
    const limit = RSS_PER_MESSAGE_BYTE * mebibytes(big.bytes);
    at(`Peak RSS above idle, ${MEMORY_MESSAGE}`, big.pipeline.rssAboveIdleMB, limit, 'MB', '<=');
  }
  if (figures.coldStart !== undefined) {
    const { bundle, ratio } = figures.coldStart;
    at('Main function bundle, minified', mebibytes(bundle.totalBytes), BUNDLE_LIMIT_MB, 'MB', '<=');
    at('Cold import + first message ÷ mailparser only', ratio, COLD_RATIO_LIMIT, '×', '<=');
  }
  if (figures.throughput !== undefined) {
    const { messagesPerSecond, idealPerSecond } = figures.throughput;
    at(
      'Throughput with a 300 ms Clearfacts',
      messagesPerSecond,
      THROUGHPUT_SHARE * idealPerSecond,
      'msg/s',
      '>=',
    );
  }
  return targets;
}
